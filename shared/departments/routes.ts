import * as z from 'zod/mini';
import { pageOf, pageQuery } from '../http/pagination';
import { defineRoute } from '../http/route';
import {
  callbackBodySchema,
  callbackOutcomeSchema,
  departmentEndpointSchema,
  departmentParamsSchema,
  endpointBodySchema,
  signingSecretSchema,
} from './model';
import { SIGNATURE_HEADER } from './signing';

/**
 * Departments' endpoints (联动处置), served by `functions/http/departments.ts`: city-wide admins
 * configure where each department's system is and make its signing secret (shown once).
 */
export const departmentRoutes = {
  listDepartments: defineRoute({
    method: 'GET',
    path: '/departments',
    function: 'departments',
    tag: 'departments',
    summary: "The departments' configured endpoints, by id (city-wide admins); never their secrets",
    access: ['admin'],
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of endpoints', schema: pageOf(departmentEndpointSchema) },
    errors: [403],
  }),
  getDepartmentEndpoint: defineRoute({
    method: 'GET',
    path: '/departments/{departmentId}/endpoint',
    function: 'departments',
    tag: 'departments',
    summary: "A department's endpoint (city-wide admins); never its secret",
    access: ['admin'],
    params: departmentParamsSchema,
    success: { status: 200, description: 'The endpoint', schema: departmentEndpointSchema },
    errors: [403, 404],
  }),
  putDepartmentEndpoint: defineRoute({
    method: 'PUT',
    path: '/departments/{departmentId}/endpoint',
    function: 'departments',
    tag: 'departments',
    summary: "Set a department's endpoint: where its cases go, which categories and changes, how fast (city-wide admins)",
    access: ['admin'],
    params: departmentParamsSchema,
    body: endpointBodySchema,
    success: { status: 200, description: 'The endpoint as set', schema: departmentEndpointSchema },
    errors: [403, 404],
  }),
  rotateDepartmentSigningSecret: defineRoute({
    method: 'POST',
    path: '/departments/{departmentId}/signing-secret',
    function: 'departments',
    tag: 'departments',
    summary: "Make a new signing secret for a department, replacing the old; this answer is the only time it is shown (city-wide admins)",
    access: ['admin'],
    params: departmentParamsSchema,
    success: { status: 201, description: 'The new secret, to hand to the department', schema: signingSecretSchema },
    errors: [403, 404],
  }),
};

/**
 * Callbacks from departments' systems, served by `functions/http/department-callbacks.ts`: public
 * (no bearer token), each signed with the department's secret over its exact body.
 */
export const departmentCallbackRoutes = {
  receiveDepartmentCallback: defineRoute({
    method: 'POST',
    path: '/departments/{departmentId}/callbacks',
    function: 'department-callbacks',
    tag: 'departments',
    summary: 'A department answers about a case escalated to it: accepts it, asks for information, resolves or returns it (signed; once per message id)',
    access: 'public',
    params: departmentParamsSchema,
    body: callbackBodySchema,
    rawBody: true,
    headers: [
      {
        name: SIGNATURE_HEADER,
        description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the department’s signing secret>`; at most 5 minutes off our clock.',
        required: true,
      },
    ],
    success: { status: 200, description: 'Applied now, or a message seen before (nothing changed)', schema: callbackOutcomeSchema },
    errors: [401, 404, 409, 429],
  }),
};
