import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { queryInt, queryNumber } from '../../../shared/http/common';
import { ProblemError } from '../../../shared/http/errors';
import { fieldsProblem, parseOrThrow } from '../../../shared/http/validation';

const query = z.strictObject({
  lat: queryNumber({ min: -90, max: 90 }),
  limit: z._default(queryInt({ min: 1, max: 100 }), 20),
});

/** The field errors a query string's parameters get, or the parsed query. */
function parse(parameters: Record<string, string>) {
  try {
    return { query: parseOrThrow(query, parameters, 'query', 'en') };
  } catch (error) {
    if (error instanceof ProblemError) return { status: error.status, code: error.code, errors: error.errors };
    throw error;
  }
}

describe('numbers in query strings', () => {
  it.each(['32', '-32', '0', '32.05', '-0.5', '90', '32.0036000'])('reads the plain decimal %j as a latitude', (lat) => {
    // Act
    const parsed = parse({ lat });
    // Assess
    expect(parsed).toEqual({ query: { lat: Number(lat), limit: 20 } });
  });

  it.each(['', ' ', ' 32', '32 ', '0x20', '1e1', '+32', '.5', '32.', 'Infinity', '-Infinity', 'NaN', '3,2', '٣٢', '32\n'])(
    'refuses %j as a latitude, naming query.lat',
    (lat) => {
      // Act
      const parsed = parse({ lat });
      // Assess
      expect(parsed).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ field: 'query.lat', code: 'invalid_number' }] });
    },
  );

  it('still checks the bounds of a plainly written number', () => {
    // Act
    const parsed = parse({ lat: '90.5' });
    // Assess
    expect(parsed).toMatchObject({ status: 400, errors: [{ field: 'query.lat', code: 'too_big' }] });
  });

  it.each(['', '1e1', '2.5', '20.0', '-1', '0x14', ' 20'])('refuses %j as a page size, naming query.limit', (limit) => {
    // Act
    const parsed = parse({ lat: '32', limit });
    // Assess
    expect(parsed).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'query.limit' })] });
    expect((parsed as { errors: unknown[] }).errors).toHaveLength(1);
  });

  it('reads a plain whole number as a page size, and leaves the default when it is absent', () => {
    // Act
    const given = parse({ lat: '32', limit: '007' });
    const absent = parse({ lat: '32' });
    // Assess
    expect(given).toEqual({ query: { lat: 32, limit: 7 } });
    expect(absent).toEqual({ query: { lat: 32, limit: 20 } });
  });

  it('documents each as a number or integer with its bounds and default, as before', () => {
    // Act
    const schema = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, unknown> };
    // Assess
    expect(schema.properties.lat).toEqual({ type: 'number', minimum: -90, maximum: 90 });
    expect(schema.properties.limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
  });

  it('will not make an integer parameter that could be negative, which the pattern could not read', () => {
    // Act
    const make = () => queryInt({ min: -1, max: 1 });
    // Assess
    expect(make).toThrow(RangeError);
  });
});

describe('the problem a 400 is answered with', () => {
  it('is outside_service_area when every field error is about the service area, validation_failed otherwise', () => {
    // Prepare
    const outside = { field: 'query.lat', code: 'outside_service_area', message: 'lat 90 is outside the service area' };
    const typo = { field: 'query.limit', code: 'invalid_number', message: 'a whole number' };
    // Act
    const alone = fieldsProblem([outside]);
    const mixed = fieldsProblem([outside, typo]);
    // Assess
    expect(alone).toMatchObject({ status: 400, code: 'outside_service_area', errors: [outside] });
    expect(alone.detail).toContain('outside the service area');
    expect(mixed).toMatchObject({ status: 400, code: 'validation_failed', errors: [outside, typo] });
  });
});
