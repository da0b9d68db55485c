import * as z from 'zod/mini';
import { CITY_SCOPE, roleSchema } from '../auth/identity';
import { idSchema } from '../http/common';
import { defineRoute } from '../http/route';
import { userSchema } from './model';

export const userRoutes = {
  getMe: defineRoute({
    method: 'GET',
    path: '/me',
    function: 'users',
    tag: 'users',
    summary: 'Who am I: my profile, role and scope',
    access: ['resident', 'outdoor_worker', 'grid_worker', 'volunteer', 'station_manager', 'admin'],
    success: { status: 200, description: 'My profile', schema: userSchema },
  }),
  getUser: defineRoute({
    method: 'GET',
    path: '/users/{userId}',
    function: 'users',
    tag: 'users',
    summary: "A user's profile (admins, within their scope)",
    access: ['admin'],
    params: z.strictObject({ userId: idSchema }),
    success: { status: 200, description: 'The profile', schema: userSchema },
    errors: [404],
  }),
  assignRole: defineRoute({
    method: 'PUT',
    path: '/users/{userId}/role',
    function: 'users',
    tag: 'users',
    summary: "Set a user's role and scope (admins; within their own scope)",
    access: ['admin'],
    params: z.strictObject({ userId: idSchema }),
    body: z.strictObject({
      role: roleSchema,
      units: z._default(z.array(idSchema).check(z.maxLength(50)), []),
      stations: z._default(z.array(idSchema).check(z.maxLength(50)), []),
    }),
    success: { status: 200, description: 'The updated profile; takes effect at next sign-in', schema: userSchema },
    errors: [403, 404],
  }),
};

export { CITY_SCOPE };
