import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SEARCH_RANGES, rangesAround } from '../../../shared/stations/cells';
import { SEARCH_CONCURRENCY, searchNearby } from '../../../shared/stations/search';

// The table is a stand-in that answers every Query with no station, a turn of the event loop later,
// and counts what was sent and how much of it was in flight at once.
const dynamo = mockClient(DynamoDBClient);
let sent = 0;
let inFlight = 0;
let most = 0;

beforeEach(() => {
  dynamo.reset();
  sent = 0;
  inFlight = 0;
  most = 0;
  dynamo.on(QueryCommand).callsFake(async () => {
    sent += 1;
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    return { Items: [] };
  });
});
afterAll(() => dynamo.restore());

const search = (centre: { lat: number; lng: number }, radiusMetres: number) => searchNearby({ centre, radiusMetres, limit: 20 }, new Date());

describe('the Queries one station search sends', () => {
  it('sends none for a 5 km circle at the North Pole, refusing it as too broad', async () => {
    // Act
    const polar = search({ lat: 90, lng: 0 }, 5000);
    // Assess
    await expect(polar).rejects.toMatchObject({ status: 400, code: 'search_too_broad' });
    expect(sent).toBe(0);
  });

  it('sends one Query per range of a 5 km circle in Nanjing, no more than SEARCH_CONCURRENCY at a time', async () => {
    // Prepare: a centre whose 5 km circle needs more ranges than one round of Queries.
    const centre = { lat: 32.0036, lng: 118.7426 };
    const ranges = rangesAround(centre, 5000).length;
    // Act
    const found = await search(centre, 5000);
    // Assess
    expect(found).toEqual([]);
    expect(ranges).toBeGreaterThan(SEARCH_CONCURRENCY);
    expect(ranges).toBeLessThanOrEqual(MAX_SEARCH_RANGES);
    expect(sent).toBe(ranges);
    expect(most).toBe(SEARCH_CONCURRENCY);
  });
});
