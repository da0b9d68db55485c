import * as z from 'zod/mini';
import { defineRoute } from '../http/route';

/**
 * Routes about the service itself: liveness (`meta`, which also answers paths no route has), and its
 * documentation (`api-docs`: it carries every feature's words, kept out of the function whose health
 * check monitors poll).
 */
export const metaRoutes = {
  getHealth: defineRoute({
    method: 'GET',
    path: '/health',
    function: 'meta',
    tag: 'meta',
    summary: 'Liveness',
    access: 'public',
    success: { status: 200, description: 'The service is up', schema: z.object({ status: z.literal('ok') }) },
  }),
};

/** The service's documentation, served by its own function (`api-docs`). */
export const apiDocsRoutes = {
  getOpenApi: defineRoute({
    method: 'GET',
    path: '/openapi.json',
    function: 'api-docs',
    tag: 'meta',
    summary: 'This API as an OpenAPI 3.1 document',
    access: 'public',
    success: { status: 200, description: 'The OpenAPI document', contentType: 'application/json' },
  }),
  getDocs: defineRoute({
    method: 'GET',
    path: '/docs',
    function: 'api-docs',
    tag: 'meta',
    summary: 'The API reference page',
    access: 'public',
    success: { status: 200, description: 'An HTML page', contentType: 'text/html' },
  }),
};
