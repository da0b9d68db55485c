import { describe, expectTypeOf, it } from 'vitest';
import type { GridClient, ProblemCode, RequestBody, ResponseData } from '../../../client/index';

/**
 * What the client's types allow and refuse. `tsc -p .` (in `npm test`) checks this file: each
 * `@ts-expect-error` fails the type check if the call it marks became allowed.
 */
declare const client: GridClient;

describe('the client’s types', () => {
  it('type a call’s path, parameters, body and answer from the document', () => {
    // Assess (at type-check time; the calls are never made)
    const calls = () => {
      void client.get('/stations', { query: { lat: 32, lng: 118.7, coordSystem: 'gcj02' } });
      // @ts-expect-error a path the service does not have
      void client.get('/station');
      // @ts-expect-error the search needs its centre
      void client.get('/stations', { query: { radius: 500 } });
      // @ts-expect-error a coordinate system the service does not take
      void client.get('/stations', { query: { lat: 32, lng: 118.7, coordSystem: 'bd09' } });
      // @ts-expect-error the path parameter is required
      void client.get('/stations/{stationId}');
      // @ts-expect-error a reservation needs a body
      void client.post('/stations/{stationId}/reservations', { path: { stationId: 's' } });
      // @ts-expect-error reading a station takes no Idempotency-Key
      void client.get('/stations/{stationId}', { path: { stationId: 's' }, idempotencyKey: 'k' });
      void client.post('/stations/{stationId}/reservations', { path: { stationId: 's' }, body: { start: 'x', seats: 1, waitlist: false }, idempotencyKey: 'k' });
      // Calls without required options need no argument.
      void client.get('/me/reservations');
    };
    expectTypeOf(calls).toBeFunction();
    expectTypeOf<'confirmed' | 'waitlisted'>().toExtend<ResponseData<'/stations/{stationId}/reservations', 'post'>['status']>();
    expectTypeOf<'full'>().not.toExtend<ResponseData<'/stations/{stationId}/reservations', 'post'>['status']>();
    expectTypeOf<RequestBody<'/auth/wechat', 'post'>>().toHaveProperty('code');
    expectTypeOf<'slot_full'>().toExtend<ProblemCode>();
  });
});
