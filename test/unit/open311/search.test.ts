import { describe, expect, it } from 'vitest';
import type { ProblemError } from '../../../shared/http/errors';
import type { PublicRequestFacts } from '../../../shared/requests/repository/open-requests';
import { OPEN311_MAX_RESULTS, type Open311RequestsQuery, planSearch, searchResults } from '../../../shared/open311/search';

const point = { lat: 32.0041, long: 118.7412 };
const query = (fields: Partial<Open311RequestsQuery>): Open311RequestsQuery => ({ radius: 300, ...fields });

/** The field a refused search names, or 'ok'. */
const refusedField = (fields: Partial<Open311RequestsQuery>): string => {
  try {
    planSearch(query(fields));
    return 'ok';
  } catch (error) {
    return (error as ProblemError).errors[0]!.field;
  }
};

const facts = (id: string, fields: Partial<PublicRequestFacts> = {}): PublicRequestFacts => ({
  id,
  categoryId: 'sanitation',
  categoryName: '环境卫生',
  status: 'submitted',
  createdAt: '2026-08-01T08:00:00.000Z',
  updatedAt: '2026-08-01T08:00:00.000Z',
  acceptDueAt: '2026-08-01T12:00:00.000Z',
  location: { lat: 32.0042, lng: 118.7413 },
  ...fields,
});

describe('which Open311 request searches are answered', () => {
  it('takes requests by id, or the open ones near a point, and nothing that would need a Scan', () => {
    // Act
    const outcomes = {
      byIds: refusedField({ service_request_id: 'a,b' }),
      byPlace: refusedField(point),
      byPlaceOfServices: refusedField({ ...point, service_code: 'sanitation,disputes' }),
      wholeCity: refusedField({}),
      ofAServiceCityWide: refusedField({ service_code: 'sanitation' }),
      latAlone: refusedField({ lat: point.lat }),
      longAlone: refusedField({ long: point.long }),
      closedByPlace: refusedField({ ...point, status: 'closed' }),
      closedByIds: refusedField({ service_request_id: 'a', status: 'closed' }),
      tooManyIds: refusedField({ service_request_id: Array.from({ length: 51 }, (_, i) => `r${i}`).join(',') }),
      tooManyServices: refusedField({ ...point, service_code: Array.from({ length: 11 }, (_, i) => `s${i}`).join(',') }),
      window91Days: refusedField({ ...point, start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-02T00:00:01Z' }),
      window90Days: refusedField({ ...point, start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:00Z' }),
      backwards: refusedField({ ...point, start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }),
    };

    // Assess
    expect(outcomes).toEqual({
      byIds: 'ok',
      byPlace: 'ok',
      byPlaceOfServices: 'ok',
      wholeCity: 'query.lat',
      ofAServiceCityWide: 'query.lat',
      latAlone: 'query.long',
      longAlone: 'query.lat',
      closedByPlace: 'query.status',
      closedByIds: 'ok',
      tooManyIds: 'query.service_request_id',
      tooManyServices: 'query.service_code',
      window91Days: 'query.end_date',
      window90Days: 'ok',
      backwards: 'query.end_date',
    });
  });

  it('answers what a search by place read within its radius, of its services, statuses and dates, newest first, each once', () => {
    // Prepare
    const search = planSearch(query({ ...point, service_code: 'sanitation', start_date: '2026-08-01T00:00:00+08:00' }));
    const read = [
      facts('old', { createdAt: '2026-07-31T15:00:00.000Z' }),
      facts('newer', { createdAt: '2026-08-02T08:00:00.000Z' }),
      facts('near'),
      facts('near'),
      facts('far', { location: { lat: 32.0141, lng: 118.7412 } }),
      facts('unplaced', { location: undefined }),
      facts('other-service', { categoryId: 'disputes' }),
    ];

    // Act
    const answered = searchResults(search, read);

    // Assess
    expect(answered.map((request) => request.id)).toEqual(['newer', 'near']);
  });

  it('answers requests by id in any status the query asks for, at most the bound', () => {
    // Prepare
    const closedOnly = planSearch(query({ service_request_id: 'a,b', status: 'closed' }));
    const all = planSearch(query({ service_request_id: 'a' }));
    const many = Array.from({ length: OPEN311_MAX_RESULTS + 5 }, (_, i) => facts(`r${String(i).padStart(3, '0')}`));

    // Act
    const closed = searchResults(closedOnly, [facts('a', { status: 'closed' }), facts('b', { status: 'accepted' })]);
    const capped = searchResults(all, many);

    // Assess
    expect(closed.map((request) => request.id)).toEqual(['a']);
    expect(capped).toHaveLength(OPEN311_MAX_RESULTS);
  });
});
