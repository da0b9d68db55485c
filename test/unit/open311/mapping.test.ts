import { describe, expect, it } from 'vitest';
import { ProblemError, fieldProblem } from '../../../shared/http/errors';
import { open311ErrorResponse } from '../../../shared/http/problem';
import { inOpen311Terms, open311Definition, open311Request, open311Service, submissionOf } from '../../../shared/open311/mapping';
import { NOW, category, submitted } from '../requests/fixtures';

describe('a category as an Open311 service', () => {
  it('is a realtime service with metadata when it asks for extra fields, named in the reader’s language', () => {
    // Prepare
    const named = { ...category, nameEn: 'Facility repair', description: '公共设施损坏' };

    // Act
    const chinese = open311Service(named, 'zh');
    const english = open311Service(named, 'en');
    const plain = open311Service({ ...named, attributes: [] }, 'zh');

    // Assess
    expect(chinese).toEqual({ service_code: 'facility-repair', service_name: '设施维修', description: '公共设施损坏', metadata: true, type: 'realtime' });
    expect(english.service_name).toBe('Facility repair');
    expect(plain.metadata).toBe(false);
  });

  it('defines its extra fields in Open311’s shape, in order, a yes/no field as a list of true and false', () => {
    // Prepare
    const withYesNo = { ...category, attributes: [...category.attributes, { code: 'urgent', label: '紧急', datatype: 'boolean' as const, required: false, order: 0 }] };

    // Act
    const definition = open311Definition(withYesNo, 'en');

    // Assess
    expect(definition.service_code).toBe('facility-repair');
    expect(definition.attributes.map((attribute) => attribute.code)).toEqual(['urgent', 'facility', 'count', 'who']);
    expect(definition.attributes[0]).toEqual({
      variable: true,
      code: 'urgent',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: 'true or false',
      order: 0,
      description: '紧急',
      values: [
        { key: 'true', name: 'Yes' },
        { key: 'false', name: 'No' },
      ],
    });
    expect(definition.attributes[1]).toMatchObject({ datatype: 'singlevaluelist', required: true, values: [{ key: 'streetlight', name: '路灯' }, { key: 'bench', name: '座椅' }] });
    expect(definition.attributes[2]).not.toHaveProperty('values');
  });
});

describe('a request as an Open311 service request', () => {
  it('shows only public fields: no resident, words, address or photos, a rounded location, notes in the service’s words', () => {
    // Prepare
    const request = { ...submitted(), location: { lat: 32.00416, lng: 118.74128 } };

    // Act
    const shown = open311Request(request, 'zh');

    // Assess
    expect(shown).toEqual({
      service_request_id: 'req-1',
      status: 'open',
      status_notes: '已提交，等待网格员受理',
      service_name: '设施维修',
      service_code: 'facility-repair',
      requested_datetime: NOW.toISOString(),
      updated_datetime: NOW.toISOString(),
      expected_datetime: request.acceptDueAt,
      lat: 32.004,
      long: 118.741,
    });
    expect(JSON.stringify(shown)).not.toMatch(/resident-a|路灯坏了|庐山路|worker-a/);
  });

  it('names the department while escalated, and is closed with no deadline once rejected, merged or closed', () => {
    // Prepare
    const base = submitted();

    // Act
    const escalated = open311Request({ ...base, status: 'escalated', department: 'urban_management', resolveDueAt: '2026-08-13T02:00:00.000Z' }, 'en');
    const rejected = open311Request({ ...base, status: 'rejected' }, 'en');
    const merged = open311Request({ ...base, status: 'duplicate' }, 'zh');

    // Assess
    expect(escalated).toMatchObject({ status: 'open', agency_responsible: 'urban management', expected_datetime: '2026-08-13T02:00:00.000Z' });
    expect(rejected).toMatchObject({ status: 'closed', status_notes: 'Not accepted' });
    expect(rejected).not.toHaveProperty('expected_datetime');
    expect(rejected).not.toHaveProperty('agency_responsible');
    expect(merged.status).toBe('closed');
    expect(rejected).not.toHaveProperty('lat');
  });
});

describe('an Open311 submission', () => {
  it('becomes our submission, its text values turned into their datatypes', () => {
    // Act
    const input = submissionOf(
      { service_code: 'facility-repair', description: '路灯坏了', lat: 32.0041, long: 118.7412, attribute: { facility: 'streetlight', count: '3', who: 'elderly,children' } },
      category,
    );

    // Assess
    expect(input).toEqual({
      categoryId: 'facility-repair',
      description: '路灯坏了',
      location: { lat: 32.0041, lng: 118.7412 },
      photos: [],
      attributes: { facility: 'streetlight', count: 3, who: ['elderly', 'children'] },
    });
  });

  it('leaves a value that is not of its datatype for the category’s check to refuse, and takes an address instead of a point', () => {
    // Act
    const input = submissionOf({ service_code: 'facility-repair', description: '路灯坏了', address_string: '庐山路 8 号', attribute: { count: 'many' } }, category);

    // Assess
    expect(input).toMatchObject({ address: '庐山路 8 号', attributes: { count: 'many' } });
    expect(input).not.toHaveProperty('location');
  });

  it('has its refusals name the fields as the Open311 client sent them', () => {
    // Prepare
    const refusal = new ProblemError('validation_failed', undefined, [
      { field: 'body.categoryId', code: 'unknown', message: 'no category x' },
      { field: 'body.attributes.count', code: 'invalid', message: 'a number' },
      { field: 'body.location', code: 'required', message: 'send a location or an address' },
    ]);

    // Act
    const renamed = inOpen311Terms(refusal) as ProblemError;
    const rendered = JSON.parse(String(open311ErrorResponse(renamed, 'en').body));

    // Assess
    expect(rendered).toEqual([
      { code: 400, description: 'service_code: no category x' },
      { code: 400, description: 'attribute.count: a number' },
      { code: 400, description: 'lat: send a location or an address' },
    ]);
  });
});

describe('an error in Open311’s shape', () => {
  it('is one entry with the status and the detail, or the title in the caller’s language', () => {
    // Act
    const detailed = open311ErrorResponse(new ProblemError('not_found', 'no service request x'), 'zh');
    const titled = open311ErrorResponse(new ProblemError('unauthorized'), 'en');
    const field = open311ErrorResponse(fieldProblem('query.lat', 'send lat and long'), 'en');

    // Assess
    expect([detailed.statusCode, detailed.headers?.['content-type'], JSON.parse(String(detailed.body))]).toEqual([404, 'application/json', [{ code: 404, description: 'no service request x' }]]);
    expect(JSON.parse(String(titled.body))).toEqual([{ code: 401, description: expect.any(String) }]);
    expect(JSON.parse(String(field.body))).toEqual([{ code: 400, description: 'lat: send lat and long' }]);
  });
});
