import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SEARCH_RANGES, rangesAround } from '../../../shared/stations/cells';
import { SEARCH_CONCURRENCY, searchNearby } from '../../../shared/stations/search';

// The table is a stand-in: it holds no station, answers each call a turn of the event loop later,
// and counts what was sent and how many Queries were in flight at once. Whether the cells' search
// summaries are complete is up to each test.
const dynamo = mockClient(DynamoDBClient);
const documents = mockClient(DynamoDBDocumentClient);
let summariesComplete = false;
let batchGets: number;
let keysAsked: number;
let queries: number;
let inFlight: number;
let most: number;

const later = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  dynamo.reset();
  documents.reset();
  [batchGets, keysAsked, queries, inFlight, most] = [0, 0, 0, 0, 0];
  documents.on(BatchGetCommand).callsFake(async (input: { RequestItems: Record<string, { Keys: Record<string, string>[] }> }) => {
    await later();
    batchGets += 1;
    const [[table, { Keys }]] = Object.entries(input.RequestItems) as [[string, { Keys: Record<string, string>[] }]];
    keysAsked += Keys.length;
    return { Responses: { [table]: summariesComplete ? Keys.map((key) => ({ ...key, complete: true })) : [] } };
  });
  documents.on(QueryCommand).callsFake(async () => {
    queries += 1;
    inFlight += 1;
    most = Math.max(most, inFlight);
    await later();
    inFlight -= 1;
    return { Items: [] };
  });
  documents.on(UpdateCommand).callsFake(async () => {
    await later();
    return { Attributes: { complete: true } };
  });
});
afterAll(() => {
  dynamo.restore();
  documents.restore();
});

const search = (centre: { lat: number; lng: number }, radiusMetres: number) => searchNearby({ centre, radiusMetres, limit: 20 }, new Date());
/** A centre whose 5 km circle touches more cells than one round of Queries. */
const centre = { lat: 32.0036, lng: 118.7426 };
const cellsOf5Km = new Set(rangesAround(centre, 5000).map((range) => range.cell)).size;

describe('the table calls one station search makes', () => {
  it('makes none for a 5 km circle at the North Pole, refusing it as too broad', async () => {
    // Act
    const polar = search({ lat: 90, lng: 0 }, 5000);
    // Assess
    await expect(polar).rejects.toMatchObject({ status: 400, code: 'search_too_broad' });
    expect(dynamo.calls()).toHaveLength(0);
    expect(documents.calls()).toHaveLength(0);
  });

  it("reads the summaries of a 5 km circle's cells in one BatchGet, and nothing else when they are complete", async () => {
    // Prepare
    summariesComplete = true;
    // Act
    const found = await search(centre, 5000);
    // Assess
    expect(found).toEqual([]);
    expect(batchGets).toBe(1);
    expect(keysAsked).toBe(cellsOf5Km);
    expect(cellsOf5Km).toBeLessThanOrEqual(MAX_SEARCH_RANGES);
    expect(queries).toBe(0);
    expect(documents.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('summarises each cell without a complete summary from the station index, one Query each, no more than SEARCH_CONCURRENCY at a time', async () => {
    // Prepare
    summariesComplete = false;
    // Act
    const found = await search(centre, 5000);
    // Assess
    expect(found).toEqual([]);
    expect(cellsOf5Km).toBeGreaterThan(SEARCH_CONCURRENCY);
    expect(queries).toBe(cellsOf5Km);
    expect(most).toBe(SEARCH_CONCURRENCY);
    expect(documents.commandCalls(UpdateCommand)).toHaveLength(cellsOf5Km);
    expect(dynamo.calls()).toHaveLength(0);
  });
});
