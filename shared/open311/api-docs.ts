import { apiDocsOf } from '../http/api-docs';
import {
  open311AttributeSchema,
  open311ServiceDefinitionSchema,
  open311ServiceRequestSchema,
  open311ServiceSchema,
  open311SubmittedSchema,
} from './model';
import { open311Routes } from './routes';

const REQUEST_ID = '0mrlgpsg0Xk3pQaZ';

const service = {
  service_code: 'facility-repair',
  service_name: '设施报修',
  description: '路灯、井盖、健身器材等公共设施损坏',
  metadata: true,
  type: 'realtime',
};

const serviceRequest = {
  service_request_id: REQUEST_ID,
  status: 'open',
  status_notes: '网格员已受理',
  service_name: '设施报修',
  service_code: 'facility-repair',
  requested_datetime: '2026-07-15T02:30:00.000Z',
  updated_datetime: '2026-07-15T02:52:00.000Z',
  expected_datetime: '2026-07-18T02:52:00.000Z',
  lat: 32.003,
  long: 118.742,
};

const idWithFormat = 'with or without `.json` after it, as Open311 clients send it';

/**
 * The words of the Open311 GeoReport v2 adapter. Field names and meanings are the standard's
 * (http://wiki.open311.org/GeoReport_v2/); what this service puts in them, and leaves out, is said here.
 */
export const open311Docs = apiDocsOf(open311Routes, {
  schemas: [
    [
      open311ServiceSchema,
      {
        name: 'Open311Service',
        description: 'A request category as an Open311 service.',
        fields: {
          service_code: { description: 'The category’s id: send it as `service_code` to submit.', example: 'facility-repair' },
          service_name: { description: 'The category’s name in the reader’s language.', example: '设施报修' },
          description: { description: 'What the category is for (in Chinese); absent when it has no description.', example: service.description },
          metadata: { description: 'True when the category asks for extra fields: `GET /open311/v2/services/{service_code}.json` lists them.', example: true },
          type: { description: 'Always `realtime`: people handle each request and its status moves as they do.', example: 'realtime' },
          keywords: 'Not given: categories have no keywords.',
          group: 'Not given: categories are not grouped.',
        },
        example: service,
      },
    ],
    [
      open311AttributeSchema,
      {
        name: 'Open311Attribute',
        description: 'One extra field of a service, as Open311 defines one.',
        fields: {
          variable: { description: 'Always true: a field the submitter fills in.', example: true },
          code: { description: 'Send its value as `attribute.<code>`.', example: 'facility' },
          datatype: {
            description: 'Open311’s datatype. A yes/no field is a `singlevaluelist` of `true` and `false` (send either, as text or as a JSON boolean).',
            example: 'singlevaluelist',
          },
          required: { description: 'Whether a submission must give it.', example: true },
          datatype_description: { description: 'The datatype in words, in the reader’s language.', example: '从 values 中选一项（key）' },
          order: { description: 'Where it is shown among the fields, smallest first.', example: 1 },
          description: { description: 'The field’s label (in Chinese).', example: '设施类型' },
          values: { description: 'The choices of a list field: send the `key`s. Absent for other datatypes.', example: [{ key: 'streetlight', name: '路灯' }] },
          'values.key': { description: 'What to send.', example: 'streetlight' },
          'values.name': { description: 'What people read.', example: '路灯' },
        },
      },
    ],
    [
      open311ServiceDefinitionSchema,
      {
        name: 'Open311ServiceDefinition',
        description: 'A service’s extra fields, in their order.',
        fields: {
          service_code: { description: 'The service they belong to.', example: 'facility-repair' },
          attributes: 'The fields, in `order`; empty when the category asks for none.',
        },
      },
    ],
    [
      open311ServiceRequestSchema,
      {
        name: 'Open311ServiceRequest',
        description:
          'A request as anyone may see it: its category, status, times, a rounded location and, once escalated, the department. Never who filed it, what they wrote, the address or the photos (`description`, `address`, `zipcode` and `media_url` are never given), as `GET /requests/nearby` shows requests.',
        fields: {
          service_request_id: { description: 'The request’s id (our `id`).', example: REQUEST_ID },
          status: { description: '`open` while in the loop (submitted, accepted, in progress, escalated, resolved awaiting confirmation); `closed` once closed, rejected or merged as a duplicate.', example: 'open' },
          status_notes: { description: 'Where it has got to, in the service’s own words and the reader’s language; never anyone’s note.', example: '网格员已受理' },
          service_name: { description: 'Its category’s name in the reader’s language.', example: '设施报修' },
          service_code: { description: 'Its category’s id.', example: 'facility-repair' },
          agency_responsible: { description: 'The department handling it, while escalated to one; absent otherwise.', example: '城管' },
          requested_datetime: { description: 'When it was submitted (ISO 8601, UTC).', example: serviceRequest.requested_datetime },
          updated_datetime: { description: 'When it last changed (ISO 8601, UTC).', example: serviceRequest.updated_datetime },
          expected_datetime: { description: 'The deadline it is working to: acceptance while submitted, resolution once accepted; absent once resolved or closed.', example: serviceRequest.expected_datetime },
          lat: { description: 'Latitude, WGS-84, rounded to 3 decimals (about 100 m); absent for a request given only an address.', example: 32.003 },
          long: { description: 'Longitude, WGS-84, rounded to 3 decimals.', example: 118.742 },
        },
        example: serviceRequest,
      },
    ],
    [
      open311SubmittedSchema,
      {
        name: 'Open311Submitted',
        description: 'A submitted request, as Open311 answers a submission.',
        fields: {
          service_request_id: { description: 'The new request’s id: look it up at `GET /open311/v2/requests/{id}.json`, or `GET /requests/{id}` in the main API.', example: REQUEST_ID },
          service_notice: { description: 'Where it went, in the reader’s language.', example: '已分派至网格 lushan-g1' },
        },
      },
    ],
  ],
  common: {
    jurisdiction_id: { description: 'Open311’s jurisdiction: this service is one, so any value (or none) means it.', example: 'nanjing' },
  },
  operations: {
    listOpen311Services: {
      response: { description: 'Every category that takes requests, in display order (at most 100).', example: [service] },
    },
    getOpen311ServiceDefinition: {
      parameters: { service_code: { description: `The service’s code, ${idWithFormat}.`, example: 'facility-repair.json' } },
      response: {
        example: {
          service_code: 'facility-repair',
          attributes: [
            {
              variable: true,
              code: 'facility',
              datatype: 'singlevaluelist',
              required: true,
              datatype_description: '从 values 中选一项（key）',
              order: 1,
              description: '设施类型',
              values: [
                { key: 'streetlight', name: '路灯' },
                { key: 'manhole', name: '井盖' },
              ],
            },
          ],
        },
      },
    },
    listOpen311Requests: {
      parameters: {
        service_request_id: { description: 'Ids separated by commas, at most 50: those requests in any status. Either this, or `lat` and `long`.', example: REQUEST_ID },
        service_code: {
          description: 'Only requests of these services (codes separated by commas). A search by place reads at most 10 services: name them when the catalogue has more.',
          example: 'facility-repair',
        },
        start_date: { description: 'Only requests submitted at or after this instant (ISO 8601 with its offset).', example: '2026-07-01T00:00:00+08:00' },
        end_date: { description: 'Only requests submitted at or before this instant; at most 90 days after `start_date`.', example: '2026-07-31T23:59:59+08:00' },
        status: { description: '`open`, `closed` or both (`open,closed`, the default). A search by place finds open requests only: `closed` alone needs `service_request_id`.', example: 'open' },
        lat: { description: 'With `long`: the open requests near this point (WGS-84), inside the service area. Either this, or `service_request_id`.', example: 32.003 },
        long: { description: 'Longitude of the point (WGS-84).', example: 118.742 },
        radius: { description: 'How far around the point, in metres: 50 to 1,000, 300 by default.', example: 300 },
      },
      response: {
        description:
          'The requests found, newest first, at most 200: by id, those that exist; by place, the open ones within the radius from the three grids nearest the point at most, the newest 50 of each service in each.',
        example: [serviceRequest],
      },
    },
    getOpen311Request: {
      parameters: { service_request_id: { description: `The request’s id, ${idWithFormat}.`, example: `${REQUEST_ID}.json` } },
      response: { example: [serviceRequest] },
    },
    submitOpen311Request: {
      request: {
        description:
          'An Open311 submission as JSON. The person is the bearer token’s (sign in with `POST /auth/wechat`): Open311’s `api_key` is not used. Its personal fields are accepted so that Open311 clients work, and never stored.',
        fields: {
          service_code: { description: 'The category (`GET /open311/v2/services.json`): an active one.', example: 'facility-repair' },
          description: { description: 'What the problem is (at most 1,000 characters): seen by the grid worker, never by the public.', example: '楼道灯不亮了' },
          lat: { description: 'Where the problem is (WGS-84), with `long`, inside the service area: routes it to the grid containing it. Without a point, `address_string` is required and it goes to your home grid.', example: 32.003 },
          long: { description: 'Longitude of the point (WGS-84).', example: 118.742 },
          address_string: { description: 'The address in words (at most 200 characters): required without `lat` and `long`.', example: '建邺区庐山路 88 号' },
          attribute: {
            description: 'The service’s extra fields by `code` (at most 30): text as Open311 sends it (`"3"`, `"true"`, a list’s keys separated by commas) or JSON values.',
            example: { facility: 'streetlight' },
          },
          email: 'Accepted, never stored.',
          device_id: 'Accepted, never stored.',
          account_id: 'Accepted, never stored.',
          first_name: 'Accepted, never stored.',
          last_name: 'Accepted, never stored.',
          phone: 'Accepted, never stored.',
        },
        example: { service_code: 'facility-repair', description: '楼道灯不亮了', lat: 32.003, long: 118.742, attribute: { facility: 'streetlight' } },
      },
      response: { example: [{ service_request_id: REQUEST_ID, service_notice: '已分派至网格 lushan-g1' }] },
      errors: ['outside_service_area', 'idempotency_in_progress'],
    },
  },
});
