import * as z from 'zod/mini';
import { roleSchema } from '../auth/identity';
import { idSchema } from '../http/common';
import { languageSchema } from '../http/identity';
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
  setMyLanguage: defineRoute({
    method: 'PUT',
    path: '/me/language',
    function: 'users',
    tag: 'users',
    summary:
      'Choose the language I read the service in (zh, the default, or en): notices, request timelines, category labels and errors ' +
      "when a request sends no Accept-Language (within 60 s), and WeChat subscribe messages",
    access: ['resident', 'outdoor_worker', 'grid_worker', 'volunteer', 'station_manager', 'admin'],
    body: z.strictObject({ language: languageSchema }),
    success: { status: 200, description: 'My profile, with the language chosen', schema: userSchema },
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
    summary:
      "Set a user's role and scope (admins whose scope reaches every unit and station the user holds, and every unit given). " +
      'Which stations a manager runs is set on the station (PATCH /stations/{stationId} managers).',
    access: ['admin'],
    params: z.strictObject({ userId: idSchema }),
    body: z.strictObject({
      role: roleSchema,
      units: z._default(z.array(idSchema).check(z.maxLength(50)), []),
    }),
    success: { status: 200, description: "The updated profile; reaches the user's tokens within 60 s", schema: userSchema },
    errors: [403, 404],
  }),
  deactivateUser: defineRoute({
    method: 'POST',
    path: '/users/{userId}/deactivation',
    function: 'users',
    tag: 'users',
    summary: 'Deactivate an account: it cannot sign in, and its tokens stop working within 60 s (admins over every place of the user)',
    access: ['admin'],
    params: z.strictObject({ userId: idSchema }),
    success: { status: 200, description: 'The profile, with deactivatedAt', schema: userSchema },
    errors: [403, 404],
  }),
  reactivateUser: defineRoute({
    method: 'DELETE',
    path: '/users/{userId}/deactivation',
    function: 'users',
    tag: 'users',
    summary: 'Reactivate a deactivated account (admins over every place of the user)',
    access: ['admin'],
    params: z.strictObject({ userId: idSchema }),
    success: { status: 200, description: 'The profile', schema: userSchema },
    errors: [403, 404],
  }),
};
