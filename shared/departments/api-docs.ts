import { apiDocsOf } from '../http/api-docs';
import { callbackBodySchema, callbackOutcomeSchema, departmentEndpointSchema, signingSecretSchema } from './model';
import { departmentCallbackRoutes, departmentRoutes } from './routes';

/** Urban management's endpoint, as the city configured it. */
const endpoint = {
  departmentId: 'urban_management',
  name: '南京市城市管理局 数字城管平台',
  url: 'https://cg.nanjing.example.cn/grid/cases',
  categories: ['street_vending', 'illegal_parking'],
  events: ['escalated', 'withdrawn'],
  ratePerMinute: 60,
  status: 'active',
  hasSigningSecret: true,
  secretRotatedAt: '2026-07-14T08:00:00.000Z',
  updatedAt: '2026-07-14T08:00:00.000Z',
};

const endpointFields = {
  name: { description: 'What the city calls the department’s system.', example: endpoint.name },
  url: { description: 'Where its cases are POSTed, signed: https (http only when the service runs locally).', example: endpoint.url },
  categories: { description: 'The request category ids whose cases it receives; empty: every category.', example: endpoint.categories },
  events: { description: 'Which changes of a case it receives: `escalated`, `withdrawn`, `updated`.', example: endpoint.events },
  ratePerMinute: { description: 'At most this many deliveries a minute to it (1–600).', example: 60 },
  status: { description: '`active`, or `paused`: nothing is sent to it meanwhile.', example: 'active' },
};

/** The words of departments' endpoints and secrets (联动处置). */
export const departmentDocs = apiDocsOf(departmentRoutes, {
  schemas: [
    [
      departmentEndpointSchema,
      {
        name: 'DepartmentEndpoint',
        description: 'A department’s own system as the city configured it. Its signing secret is never shown: only whether it has one.',
        fields: {
          departmentId: { description: 'The department: `police`, `justice`, `emergency_management`, `urban_management`, `market_regulation` or `housing_construction`.', example: 'urban_management' },
          ...endpointFields,
          hasSigningSecret: { description: 'Whether a signing secret was made for it (`POST /departments/{departmentId}/signing-secret`).', example: true },
          secretRotatedAt: { description: 'When its signing secret was last made.', example: endpoint.secretRotatedAt },
        },
        example: endpoint,
      },
    ],
    [
      signingSecretSchema,
      {
        name: 'DepartmentSigningSecret',
        description: 'A department’s new signing secret: shown in this answer only. Hand it to the department over a safe channel; the previous secret stops working within 5 minutes.',
        fields: {
          departmentId: { description: 'The department the secret is for.', example: 'urban_management' },
          secret: { description: 'The secret both sides sign with (HMAC-SHA256).', example: 'whsec_5mB0q0y3kZr8N1c2d3e4f5g6h7i8j9k0l1m2n3o4p5q' },
          rotatedAt: { description: 'When it was made.', example: '2026-07-15T02:30:00.000Z' },
          header: { description: 'The header signatures travel in, both ways.', example: 'x-grid-signature' },
        },
      },
    ],
  ],
  common: {
    departmentId: { description: 'The department: one of the six (`urban_management`…).', example: 'urban_management' },
  },
  operations: {
    listDepartments: { response: { example: { items: [endpoint] } } },
    getDepartmentEndpoint: { response: { example: endpoint } },
    putDepartmentEndpoint: {
      request: {
        description: 'A department’s endpoint, all of it (PUT replaces it).',
        fields: endpointFields,
        example: { name: endpoint.name, url: endpoint.url, categories: endpoint.categories, events: endpoint.events, ratePerMinute: 60, status: 'active' },
      },
      response: { example: endpoint },
    },
    rotateDepartmentSigningSecret: {
      response: {
        example: { departmentId: 'urban_management', secret: 'whsec_5mB0q0y3kZr8N1c2d3e4f5g6h7i8j9k0l1m2n3o4p5q', rotatedAt: '2026-07-15T02:30:00.000Z', header: 'x-grid-signature' },
      },
    },
  },
});

/** The words of departments' callbacks. */
export const departmentCallbackDocs = apiDocsOf(departmentCallbackRoutes, {
  schemas: [
    [
      callbackBodySchema,
      {
        name: 'DepartmentCallback',
        description: 'A department’s answer about a case escalated to it, signed over these exact bytes with its signing secret.',
        fields: {
          schemaVersion: { description: 'Always 1.', example: 1 },
          messageId: { description: 'The department’s own unique id of this message: sent again, it applies once (answered `duplicate`).', example: 'cg-20260715-000123' },
          caseId: { description: 'The case: the request id the delivery carried.', example: '0mrlgpqwgK4n8ZbQ' },
          deliveryId: { description: 'The delivery it answers, if it knows.', example: '0mrlgpsg0d1' },
          action: { description: '`accept`, `need_info` (with a `note`), `resolve` (the resident is asked to confirm) or `return` (with a `note`: back to the grid worker).', example: 'resolve' },
          note: { description: 'What the department says; required with `need_info` and `return`.', example: '已清理占道摊点，恢复通行。' },
          photoUrls: {
            description: 'Photos of the result (with `resolve` only, at most 4), by https URL: kept as the `links` of the case’s `resolve` step, shown, never fetched by the service.',
            example: ['https://cg.nanjing.example.cn/photos/123.jpg'],
          },
        },
        example: { schemaVersion: 1, messageId: 'cg-20260715-000123', caseId: '0mrlgpqwgK4n8ZbQ', action: 'resolve', note: '已清理占道摊点，恢复通行。' },
      },
    ],
    [
      callbackOutcomeSchema,
      {
        name: 'DepartmentCallbackOutcome',
        description: 'What became of a callback.',
        fields: { outcome: { description: '`applied`: the case changed now; `duplicate`: this message id was seen before, nothing changed.', example: 'applied' } },
      },
    ],
  ],
  operations: {
    receiveDepartmentCallback: {
      response: { example: { outcome: 'applied' } },
      // 401 signature_invalid / signature_expired; 409 the case is no longer with the department.
      errors: ['signature_invalid', 'signature_expired', 'case_not_with_department', 'too_many_requests'],
    },
  },
});
