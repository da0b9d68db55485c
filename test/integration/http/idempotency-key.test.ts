import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { Identity } from '../../../shared/auth/identity';
import { documents } from '../../../shared/aws/clients';
import { httpFunction } from '../../../shared/http/function';
import { idempotencyKeyGuard } from '../../../shared/http/idempotency-key';
import { defineRoute } from '../../../shared/http/route';
import { idempotentId } from '../../../shared/ids';
import { useEngine } from '../../support/engine';
import { httpEvent, lambdaContext } from '../../support/http-events';

const { tableName } = useEngine();

const resident: Identity = { userId: 'r1', role: 'resident', units: [] };
const neighbour: Identity = { ...resident, userId: 'r2' };
const route = defineRoute({
  method: 'POST',
  path: '/notes',
  function: 'notes',
  tag: 'notes',
  summary: 'Create a note',
  access: ['resident'],
  idempotencyKey: 'optional',
  body: z.strictObject({ text: z.string() }),
  success: { status: 201, description: 'created', schema: z.object({ id: z.number(), text: z.string() }) },
});

const labelRoute = defineRoute({
  method: 'POST',
  path: '/labels',
  function: 'notes',
  tag: 'notes',
  summary: 'Create a label',
  access: ['resident'],
  idempotencyKey: 'optional',
  body: z.strictObject({ text: z.string() }),
  success: { status: 201, description: 'created', schema: z.object({ id: z.string() }) },
});

let created = 0;
const handler = httpFunction({ createNote: route, createLabel: labelRoute }, {
  async createNote({ body }) {
    created += 1;
    // Slow enough that concurrent retries overlap.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { id: created, text: body.text };
  },
  async createLabel({ creation }) {
    return { id: creation.id, ...(creation.fingerprint ? { fingerprint: creation.fingerprint } : {}) };
  },
}, { idempotencyKeys: idempotencyKeyGuard });
const post = (body: unknown, key?: string, identity = resident) =>
  handler(
    httpEvent({ routeKey: 'POST /notes', body, identity, ...(key ? { headers: { 'idempotency-key': key } } : {}) }),
    lambdaContext('notes'),
  );

const label = (body: unknown, key?: string, identity = resident) =>
  handler(
    httpEvent({ routeKey: 'POST /labels', body, identity, ...(key ? { headers: { 'idempotency-key': key } } : {}) }),
    lambdaContext('notes'),
  ).then((response) => JSON.parse(response.body!) as { id: string; fingerprint?: string });

describe('the id a creating operation is given', () => {
  it('is derived from the caller, the route and the key, with the request’s fingerprint, under an Idempotency-Key', async () => {
    // Act
    const mine = await label({ text: 'a' }, 'key-00000101');
    const theirs = await label({ text: 'a' }, 'key-00000101', neighbour);
    const otherKey = await label({ text: 'a' }, 'key-00000102');
    // Assess
    expect(mine.id).toBe(idempotentId('r1', 'POST /labels', 'key-00000101'));
    expect(theirs.id).toBe(idempotentId('r2', 'POST /labels', 'key-00000101'));
    expect(new Set([mine.id, theirs.id, otherKey.id]).size).toBe(3);
    expect(mine.fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(theirs.fingerprint).not.toBe(mine.fingerprint);
  });

  it('is fresh for every request without a key, with no fingerprint', async () => {
    // Act
    const one = await label({ text: 'a' });
    const two = await label({ text: 'a' });
    // Assess
    expect(two.id).not.toBe(one.id);
    expect(one.fingerprint).toBeUndefined();
  });
});

describe('Idempotency-Key', () => {
  it('creates one thing for a resubmission with the same key and replays the first response', async () => {
    // Prepare
    const before = created;
    // Act
    const first = await post({ text: '路灯坏了' }, 'key-00000001');
    const again = await post({ text: '路灯坏了' }, 'key-00000001');
    // Assess
    expect(created - before).toBe(1);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
  });

  it('refuses the same key with a different body with 422', async () => {
    await post({ text: 'one' }, 'key-00000002');
    const reused = await post({ text: 'two' }, 'key-00000002');
    expect(reused.statusCode).toBe(422);
    expect(JSON.parse(reused.body!).code).toBe('idempotency_key_reused');
  });

  it('keeps keys apart per caller, so one resident cannot replay another’s response', async () => {
    const mine = await post({ text: 'same' }, 'key-00000003');
    const theirs = await post({ text: 'same' }, 'key-00000003', neighbour);
    expect(JSON.parse(theirs.body!).id).not.toBe(JSON.parse(mine.body!).id);
  });

  it('lets concurrent retries through once: the others wait (409) or replay', async () => {
    // Prepare
    const before = created;
    // Act
    const answers = await Promise.all(Array.from({ length: 5 }, () => post({ text: 'x' }, 'key-00000004')));
    // Assess
    expect(created - before).toBe(1);
    expect(answers.map((a) => a.statusCode).every((status) => status === 201 || status === 409)).toBe(true);
  });

  it('refuses a malformed key with 400 and acts without a key as usual', async () => {
    const malformed = await post({ text: 'x' }, 'short');
    const keyless = await post({ text: 'x' });
    expect(malformed.statusCode).toBe(400);
    expect(keyless.statusCode).toBe(201);
  });

  it('keeps every key’s record in a partition of its own, so no partition is hot at city load', async () => {
    // Prepare
    await post({ text: 'one' }, 'key-00000005');
    await post({ text: 'two' }, 'key-00000006');
    await post({ text: 'one' }, 'key-00000005', neighbour);
    // Act: every idempotency record in the table (a Scan, in a test only).
    const { Items = [] } = await documents().send(new ScanCommand({ TableName: tableName() }));
    const records = Items.filter((item) => String(item.pk).startsWith('IDEMPOTENCY'));
    // Assess
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(new Set(records.map((record) => record.pk)).size).toBe(records.length);
    expect(records.every((record) => String(record.pk).startsWith('IDEMPOTENCY#'))).toBe(true);
  });
});
