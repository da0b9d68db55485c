import { describe, expect, it } from 'vitest';
import { useRuntime } from '../support/runtime';

const { api, signIn } = useRuntime();

/**
 * The Open311 GeoReport v2 field lists (http://wiki.open311.org/GeoReport_v2/), written down here
 * as the standard has them, not as our code does: every element an Open311 route answers must fit
 * its list — each required field present, each field of its type, no field the standard lacks.
 */
type FieldType = 'string' | 'number' | 'boolean' | 'array';
type FieldList = Readonly<Record<string, { type: FieldType; required: boolean; oneOf?: readonly string[] }>>;

const SERVICE: FieldList = {
  service_code: { type: 'string', required: true },
  service_name: { type: 'string', required: true },
  description: { type: 'string', required: false },
  metadata: { type: 'boolean', required: true },
  type: { type: 'string', required: true, oneOf: ['realtime', 'batch', 'blackbox'] },
  keywords: { type: 'string', required: false },
  group: { type: 'string', required: false },
};

const SERVICE_DEFINITION: FieldList = {
  service_code: { type: 'string', required: true },
  attributes: { type: 'array', required: true },
};

const ATTRIBUTE: FieldList = {
  variable: { type: 'boolean', required: true },
  code: { type: 'string', required: true },
  datatype: { type: 'string', required: true, oneOf: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
  required: { type: 'boolean', required: true },
  datatype_description: { type: 'string', required: false },
  order: { type: 'number', required: true },
  description: { type: 'string', required: true },
  values: { type: 'array', required: false },
};

const SERVICE_REQUEST: FieldList = {
  service_request_id: { type: 'string', required: true },
  status: { type: 'string', required: true, oneOf: ['open', 'closed'] },
  status_notes: { type: 'string', required: false },
  service_name: { type: 'string', required: false },
  service_code: { type: 'string', required: false },
  description: { type: 'string', required: false },
  agency_responsible: { type: 'string', required: false },
  service_notice: { type: 'string', required: false },
  requested_datetime: { type: 'string', required: false },
  updated_datetime: { type: 'string', required: false },
  expected_datetime: { type: 'string', required: false },
  address: { type: 'string', required: false },
  address_id: { type: 'string', required: false },
  zipcode: { type: 'string', required: false },
  lat: { type: 'number', required: false },
  long: { type: 'number', required: false },
  media_url: { type: 'string', required: false },
};

const POST_RESPONSE: FieldList = {
  service_request_id: { type: 'string', required: false },
  token: { type: 'string', required: false },
  service_notice: { type: 'string', required: false },
  account_id: { type: 'string', required: false },
};

const ERROR: FieldList = {
  code: { type: 'number', required: true },
  description: { type: 'string', required: true },
};

/** Everything in `element` that breaks `list`, in words; empty when it fits. */
function misfits(element: unknown, list: FieldList): string[] {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return [`not an object: ${JSON.stringify(element)}`];
  const record = element as Record<string, unknown>;
  const problems = Object.keys(record)
    .filter((name) => !(name in list))
    .map((name) => `${name}: not an Open311 field`);
  for (const [name, field] of Object.entries(list)) {
    const value = record[name];
    if (value === undefined) {
      if (field.required) problems.push(`${name}: missing`);
      continue;
    }
    const type = Array.isArray(value) ? 'array' : typeof value;
    if (type !== field.type) problems.push(`${name}: ${type}, not ${field.type}`);
    if (field.oneOf && !field.oneOf.includes(value as string)) problems.push(`${name}: ${String(value)} is not one of ${field.oneOf.join(', ')}`);
  }
  return problems;
}

/** Every element of a list answer that breaks `list`, by index. */
const misfitsOfAll = (answer: unknown, list: FieldList): string[] =>
  Array.isArray(answer) ? answer.flatMap((element, index) => misfits(element, list).map((problem) => `[${index}] ${problem}`)) : ['not a list'];

/** Inside lushan-g1 (lng 118.740–118.744, lat 31.998–32.008), handled by demo-grid-worker. */
const inLushanG1 = { lat: 32.0032, long: 118.7423 };
/** Someone signed in who did not file the requests: reads are for anyone signed in, as `GET /requests/nearby`. */
const reader = () => signIn('demo-outdoor-worker');

let made = 0;
/** A request submitted through Open311 by the demo resident, with words and an address no one else may see. */
async function submitThroughOpen311(extra: Record<string, unknown> = {}) {
  made += 1;
  const resident = await signIn('demo-resident');
  const response = await api('POST', '/open311/v2/requests.json', {
    token: resident,
    headers: { 'idempotency-key': `open311-e2e-${made}-${Date.now()}` },
    body: {
      service_code: 'disputes',
      description: `邻居半夜装修，电话13912345678 #${made}`,
      address_string: '庐山路 8 号 3 单元 502',
      attribute: { parties: '3' },
      email: 'someone@example.com',
      first_name: '王',
      ...inLushanG1,
      ...extra,
    },
  });
  return { resident, response };
}

describe('the Open311 GeoReport v2 adapter', () => {
  it('lists the categories as services and a category’s extra fields as its definition, in Open311’s fields', async () => {
    // Act
    const services = await api('GET', '/open311/v2/services.json');
    const definition = await api('GET', '/open311/v2/services/facility-repair.json');
    const yesNo = await api('GET', '/open311/v2/services/public-security.json');
    const withoutFormat = await api('GET', '/open311/v2/services/facility-repair');
    const english = await api('GET', '/open311/v2/services.json', { headers: { 'accept-language': 'en' } });

    // Assess
    expect(services.status).toBe(200);
    expect(misfitsOfAll(services.body, SERVICE)).toEqual([]);
    expect(services.body.map((service: { service_code: string }) => service.service_code)).toEqual(expect.arrayContaining(['sanitation', 'facility-repair', 'disputes']));
    expect(services.body.find((service: { service_code: string }) => service.service_code === 'facility-repair')).toMatchObject({ metadata: true, type: 'realtime' });
    expect(definition.status).toBe(200);
    expect(misfits(definition.body, SERVICE_DEFINITION)).toEqual([]);
    expect(misfitsOfAll(definition.body.attributes, ATTRIBUTE)).toEqual([]);
    expect(definition.body.attributes.length).toBeGreaterThan(0);
    expect(yesNo.body.attributes).toEqual([
      expect.objectContaining({ code: 'ongoing', datatype: 'singlevaluelist', values: [expect.objectContaining({ key: 'true' }), expect.objectContaining({ key: 'false' })] }),
    ]);
    expect(withoutFormat.body).toEqual(definition.body);
    expect(english.body.find((service: { service_code: string }) => service.service_code === 'disputes').service_name).toBe('Neighbour disputes');
  });

  it('takes a submission from a signed-in person that then shows up in our API, routed and with its fields in their datatypes', async () => {
    // Act
    const { resident, response } = await submitThroughOpen311({ attribute: { parties: '3' } });
    const [submitted] = response.body;
    const ours = await api('GET', `/requests/${submitted.service_request_id}`, { token: resident });
    const mine = await api('GET', '/me/requests?limit=100', { token: resident });

    // Assess
    expect(response.status).toBe(201);
    expect(misfitsOfAll(response.body, POST_RESPONSE)).toEqual([]);
    expect(response.body).toEqual([{ service_request_id: expect.any(String), service_notice: expect.stringContaining('lushan-g1') }]);
    expect(response.headers.get('location')).toBe(`/open311/v2/requests/${submitted.service_request_id}.json`);
    expect(ours.status).toBe(200);
    expect(ours.body).toMatchObject({
      categoryId: 'disputes',
      description: expect.stringContaining('邻居半夜装修'),
      address: '庐山路 8 号 3 单元 502',
      location: { lat: inLushanG1.lat, lng: inLushanG1.long, coordSystem: 'wgs84' },
      gridId: 'lushan-g1',
      status: 'submitted',
      attributes: { parties: 3 },
    });
    // The personal fields Open311 lets a client send are not kept anywhere.
    expect(JSON.stringify(ours.body)).not.toContain('someone@example.com');
    expect(mine.body.items.map((item: { id: string }) => item.id)).toContain(submitted.service_request_id);
  });

  it('shows requests to anyone signed in, with public fields only: by place and by id, each in Open311’s fields', async () => {
    // Prepare
    const { response } = await submitThroughOpen311();
    const id = response.body[0].service_request_id as string;
    const worker = await signIn('demo-grid-worker');
    expect((await api('POST', `/requests/${id}/accept`, { token: worker, body: { note: '马上联系住户王先生' } })).status).toBe(200);

    // Act
    const near = await api('GET', `/open311/v2/requests.json?lat=${inLushanG1.lat}&long=${inLushanG1.long}&radius=500`, { token: await reader() });
    const ofService = await api('GET', `/open311/v2/requests.json?lat=${inLushanG1.lat}&long=${inLushanG1.long}&service_code=sanitation`, { token: await reader() });
    const byId = await api('GET', `/open311/v2/requests.json?service_request_id=${id},nonexistent-id`, { token: await reader() });
    const one = await api('GET', `/open311/v2/requests/${id}.json`, { token: await reader() });

    // Assess
    expect(near.status).toBe(200);
    expect(misfitsOfAll(near.body, SERVICE_REQUEST)).toEqual([]);
    expect(misfitsOfAll(byId.body, SERVICE_REQUEST)).toEqual([]);
    expect(misfitsOfAll(one.body, SERVICE_REQUEST)).toEqual([]);
    const found = near.body.find((request: { service_request_id: string }) => request.service_request_id === id);
    expect(found).toEqual({
      service_request_id: id,
      status: 'open',
      status_notes: '网格员已受理',
      service_name: '矛盾纠纷',
      service_code: 'disputes',
      requested_datetime: expect.any(String),
      updated_datetime: expect.any(String),
      expected_datetime: expect.any(String),
      lat: 32.003,
      long: 118.742,
    });
    expect(ofService.body.map((request: { service_request_id: string }) => request.service_request_id)).not.toContain(id);
    expect(byId.body).toEqual([found]);
    expect(one.body).toEqual([found]);
    // Nothing the resident or the worker wrote, and no one's id, phone or address.
    for (const answer of [near, byId, one]) {
      const text = JSON.stringify(answer.body);
      for (const secret of ['邻居半夜装修', '13912345678', '庐山路 8 号', '王先生', 'demo-resident', 'demo-grid-worker', 'someone@example.com']) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('finds a closed request by id, and says so in the service’s words', async () => {
    // Prepare
    const { response } = await submitThroughOpen311();
    const id = response.body[0].service_request_id as string;
    const worker = await signIn('demo-grid-worker');
    expect((await api('POST', `/requests/${id}/reject`, { token: worker, body: { reason: '不属于受理范围，已告知住户' } })).status).toBe(200);

    // Act
    const closed = await api('GET', `/open311/v2/requests.json?service_request_id=${id}&status=closed`, { token: await reader(), headers: { 'accept-language': 'en' } });
    const openOnly = await api('GET', `/open311/v2/requests.json?service_request_id=${id}&status=open`, { token: await reader() });
    const near = await api('GET', `/open311/v2/requests.json?lat=${inLushanG1.lat}&long=${inLushanG1.long}`, { token: await reader() });

    // Assess
    expect(closed.body).toEqual([expect.objectContaining({ service_request_id: id, status: 'closed', status_notes: 'Not accepted', service_name: 'Neighbour disputes' })]);
    expect(JSON.stringify(closed.body)).not.toContain('不属于受理范围');
    expect(openOnly.body).toEqual([]);
    expect(near.body.map((request: { service_request_id: string }) => request.service_request_id)).not.toContain(id);
  });

  it('answers what it cannot do boundedly, or at all, with Open311’s error list, writing nothing', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const before = (await api('GET', '/me/requests?limit=100', { token: resident })).body.items.length;

    // Act
    const answers = {
      wholeCity: await api('GET', '/open311/v2/requests.json', { token: await reader() }),
      latAlone: await api('GET', `/open311/v2/requests.json?lat=${inLushanG1.lat}`, { token: await reader() }),
      closedByPlace: await api('GET', `/open311/v2/requests.json?lat=${inLushanG1.lat}&long=${inLushanG1.long}&status=closed`, { token: await reader() }),
      tooLong: await api('GET', `/open311/v2/requests.json?lat=${inLushanG1.lat}&long=${inLushanG1.long}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`, { token: await reader() }),
      outside: await api('GET', '/open311/v2/requests.json?lat=39.9&long=116.4', { token: await reader() }),
      tooManyIds: await api('GET', `/open311/v2/requests.json?service_request_id=${Array.from({ length: 51 }, (_, i) => `id${i}`).join(',')}`, { token: await reader() }),
      unknownService: await api('GET', '/open311/v2/services/no-such-thing.json'),
      unknownRequest: await api('GET', '/open311/v2/requests/no-such-request.json', { token: await reader() }),
      badSubmission: await api('POST', '/open311/v2/requests.json', { token: resident, body: { service_code: 'no-such-thing', description: '测试', ...inLushanG1 } }),
      badAttribute: await api('POST', '/open311/v2/requests.json', { token: resident, body: { service_code: 'disputes', description: '测试', ...inLushanG1, attribute: { parties: 'many' } } }),
      photoByUrl: await api('POST', '/open311/v2/requests.json', { token: resident, body: { service_code: 'disputes', description: '测试', ...inLushanG1, media_url: 'https://example.com/a.jpg' } }),
    };
    const after = (await api('GET', '/me/requests?limit=100', { token: resident })).body.items.length;

    // Assess
    const statuses = Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.status]));
    expect(statuses).toEqual({
      wholeCity: 400,
      latAlone: 400,
      closedByPlace: 400,
      tooLong: 400,
      outside: 400,
      tooManyIds: 400,
      unknownService: 404,
      unknownRequest: 404,
      badSubmission: 400,
      badAttribute: 400,
      photoByUrl: 400,
    });
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.headers.get('content-type'), name).toMatch(/^application\/json/);
      expect(misfitsOfAll(answer.body, ERROR), name).toEqual([]);
      expect(answer.body.length, name).toBeGreaterThan(0);
      expect(answer.body.every((error: { code: number }) => error.code === answer.status), name).toBe(true);
    }
    expect(answers.badSubmission.body[0].description).toMatch(/^service_code: /);
    expect(answers.badAttribute.body[0].description).toMatch(/^attribute\.parties: /);
    expect(answers.photoByUrl.body[0].description).toMatch(/^media_url: /);
    expect(after).toBe(before);
  });

  it('needs a signed-in person to submit or read requests (Open311’s api_key is our bearer token)', async () => {
    // Act
    const anonymous = await api('POST', '/open311/v2/requests.json', { body: { service_code: 'disputes', description: '测试', ...inLushanG1 } });
    const anonymousRead = await api('GET', `/open311/v2/requests.json?lat=${inLushanG1.lat}&long=${inLushanG1.long}`);
    const staff = await api('POST', '/open311/v2/requests.json', { token: await signIn('demo-grid-worker'), body: { service_code: 'disputes', description: '测试', ...inLushanG1 } });

    // Assess
    expect(anonymous.status).toBe(401);
    expect(anonymousRead.status).toBe(401);
    expect([staff.status, misfitsOfAll(staff.body, ERROR)]).toEqual([403, []]);
  });
});
