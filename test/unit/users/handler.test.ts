import { PutEventsCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/http/users';
import type { Identity } from '../../../shared/auth/identity';
import { resetClients } from '../../../shared/aws/clients';
import type { HttpResult } from '../../../shared/http/function';
import type { OrgUnit } from '../../../shared/organisation/model';
import { keys } from '../../../shared/table/design';
import type { User } from '../../../shared/users/model';
import { httpEvent, lambdaContext } from '../../support/http-events';
import { admins, people, units } from './fixtures';

/** The JSON body of a result. */
const bodyOf = <T = Record<string, unknown>>(result: HttpResult): T => JSON.parse(result.body ?? 'null') as T;

const dynamo = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

/** The items the mocked table holds, by `pk|sk`. */
const table = new Map<string, Record<string, unknown>>();
const keyOf = (key: { pk?: unknown; sk?: unknown } | undefined) => `${String(key?.pk)}|${String(key?.sk)}`;
const putUser = (user: User) => table.set(keyOf(keys.user(user.id)), { ...keys.user(user.id), ...user, openId: 'o-secret' });
const putUnit = (unit: OrgUnit) => table.set(keyOf(keys.orgUnit(unit.id)), { ...keys.orgUnit(unit.id), ...unit });
/** A station in grid A1 whose managers list names `managers`, and the hint under each of them. */
const putStation = (id: string, managers: string[], hints = managers) => {
  const ancestors = [...units.gridA1.ancestors, units.gridA1.id];
  table.set(keyOf(keys.station(id)), { ...keys.station(id), id, name: id, profile: JSON.stringify({ managers, ancestors }) });
  for (const userId of hints) table.set(keyOf(keys.managedStation(userId, id)), { ...keys.managedStation(userId, id), stationId: id, userId });
};

const resident: Identity = { userId: 'resident-a', role: 'resident', units: [] };
const gridWorker: Identity = { userId: 'worker-a', role: 'grid_worker', units: ['grid-a1'] };

const invoke = (routeKey: string, options: Omit<Parameters<typeof httpEvent>[0], 'routeKey'> = {}) =>
  handler(httpEvent({ routeKey, ...options }), lambdaContext()) as Promise<HttpResult>;

beforeEach(() => {
  vi.stubEnv('TABLE_NAME', 'grid-test');
  vi.stubEnv('EVENT_BUS_NAME', 'grid-test-bus');
  resetClients();
  dynamo.reset();
  eventBridge.reset();
  table.clear();
  for (const person of Object.values(people)) putUser(person);
  for (const unit of Object.values(units)) putUnit(unit);
  dynamo.on(GetCommand).callsFake((input) => ({ Item: table.get(keyOf(input.Key)) }));
  dynamo.on(BatchGetCommand).callsFake((input) => {
    const [[tableName, request]] = Object.entries(input.RequestItems as Record<string, { Keys: Record<string, unknown>[] }>) as [
      [string, { Keys: Record<string, unknown>[] }],
    ];
    return { Responses: { [tableName]: request.Keys.map((key) => table.get(keyOf(key))).filter(Boolean) } };
  });
  dynamo.on(QueryCommand).callsFake((input) => {
    const values = input.ExpressionAttributeValues as Record<string, string>;
    return { Items: [...table.values()].filter((item) => item.pk === values[':p'] && String(item.sk).startsWith(values[':s'] ?? '')) };
  });
  dynamo.on(UpdateCommand).callsFake((input) => {
    const item = table.get(keyOf(input.Key));
    if (!item) throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    // Enough of UpdateItem for these tests: apply the SET clause's values by their aliases.
    const names = input.ExpressionAttributeNames as Record<string, string>;
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
    const set = /SET (.*?)(?: REMOVE|$)/.exec(input.UpdateExpression as string)?.[1] ?? '';
    for (const part of set.split(', ').filter(Boolean)) {
      const [name, value] = part.split(' = ') as [string, string];
      item[names[name]!] = values[value];
    }
    return { Attributes: { ...item } };
  });
  eventBridge.on(PutEventsCommand).callsFake((input) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_: unknown, index: number) => ({ EventId: `event-${index}` })),
  }));
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('GET /me', () => {
  it("returns the caller's profile without their openid", async () => {
    // Act
    const result = await invoke('GET /me', { identity: gridWorker });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual(people.workerA);
    expect(result.body).not.toContain('o-secret');
  });

  it('answers 404 when the profile behind a token is gone', async () => {
    // Act
    const result = await invoke('GET /me', { identity: { ...resident, userId: 'deleted-user' } });

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('answers 401 without an identity from the authorizer', async () => {
    // Act
    const result = await invoke('GET /me');

    // Assess
    expect(result.statusCode).toBe(401);
  });
});

describe('GET /users/{userId}', () => {
  it('shows a community admin a grid worker of one of its grids', async () => {
    // Act
    const result = await invoke('GET /users/{userId}', {
      identity: admins.communityA,
      pathParameters: { userId: 'worker-a' },
    });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual(people.workerA);
  });

  it('shows a community admin a resident living in one of its grids', async () => {
    // Act
    const result = await invoke('GET /users/{userId}', {
      identity: admins.communityA,
      pathParameters: { userId: 'resident-a' },
    });

    // Assess
    expect(result.statusCode).toBe(200);
  });

  it("answers 404 to the admin of community A asking for another community's grid worker", async () => {
    // Act
    const result = await invoke('GET /users/{userId}', {
      identity: admins.communityA,
      pathParameters: { userId: 'worker-b' },
    });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result).code).toBe('not_found');
  });

  it("answers 404 to the admin of community A asking for another community's resident", async () => {
    // Act
    const result = await invoke('GET /users/{userId}', {
      identity: admins.communityA,
      pathParameters: { userId: 'resident-b' },
    });

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('answers the same 404 for a user that does not exist', async () => {
    // Act
    const result = await invoke('GET /users/{userId}', {
      identity: admins.communityA,
      pathParameters: { userId: 'nobody' },
    });

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('shows a city-wide admin anyone, even a person placed nowhere', async () => {
    // Act
    const result = await invoke('GET /users/{userId}', {
      identity: admins.city,
      pathParameters: { userId: 'newcomer' },
    });

    // Assess
    expect(result.statusCode).toBe(200);
  });

  it("answers 403 to a resident asking for another user's profile", async () => {
    // Act
    const result = await invoke('GET /users/{userId}', { identity: resident, pathParameters: { userId: 'worker-a' } });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it("answers 403 to a grid worker asking for a resident's profile", async () => {
    // Act
    const result = await invoke('GET /users/{userId}', {
      identity: gridWorker,
      pathParameters: { userId: 'resident-a' },
    });

    // Assess
    expect(result.statusCode).toBe(403);
  });

  it('answers 400 for a malformed user id', async () => {
    // Act
    const result = await invoke('GET /users/{userId}', {
      identity: admins.communityA,
      pathParameters: { userId: 'not/an id' },
    });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf<{ errors: { field: string }[] }>(result).errors[0]!.field).toBe('path.userId');
  });
});

describe('PUT /users/{userId}/role', () => {
  const assign = (identity: Identity, userId: string, body: unknown) =>
    invoke('PUT /users/{userId}/role', { identity, pathParameters: { userId }, body });

  it('appoints a resident of the admin’s grid as grid worker and announces users.role-assigned', async () => {
    // Act
    const result = await assign(admins.communityA, 'resident-a', { role: 'grid_worker', units: ['grid-a1'] });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ ...people.residentA, role: 'grid_worker', units: ['grid-a1'], stations: [] });
    const [update] = dynamo.commandCalls(UpdateCommand);
    expect(update!.args[0].input).toMatchObject({ Key: keys.user('resident-a'), ConditionExpression: 'attribute_exists(pk)' });
    const [entry] = eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries!;
    expect(entry).toMatchObject({ Source: 'grid.users', DetailType: 'users.role-assigned', EventBusName: 'grid-test-bus' });
    expect(JSON.parse(entry!.Detail!).data).toEqual({ userId: 'resident-a', role: 'grid_worker', units: ['grid-a1'], assignedBy: 'admin-a' });
  });

  it('answers 404 to a community admin appointing a newcomer placed nowhere; a city-wide admin may', async () => {
    // Act
    const byCommunity = await assign(admins.communityA, 'newcomer', { role: 'grid_worker', units: ['grid-a1'] });
    const byCity = await assign(admins.city, 'newcomer', { role: 'grid_worker', units: ['grid-a1'] });

    // Assess
    expect(byCommunity.statusCode).toBe(404);
    expect(byCity.statusCode).toBe(200);
  });

  it('reaches a person through the stations their managers lists name them in, and not through a stale hint', async () => {
    // Prepare: the newcomer runs station-a (grid A1); a hint to station-b is stale (its list no longer names them).
    putStation('station-a', ['newcomer']);
    putStation('station-b', [], ['newcomer']);

    // Act
    const seenByA = await invoke('GET /users/{userId}', { identity: admins.communityA, pathParameters: { userId: 'newcomer' } });
    const seenByB = await invoke('GET /users/{userId}', { identity: admins.communityB, pathParameters: { userId: 'newcomer' } });

    // Assess
    expect(seenByA.statusCode).toBe(200);
    expect(bodyOf(seenByA).stations).toEqual(['station-a']);
    expect(seenByB.statusCode).toBe(404);
  });

  it('answers 400 for stations in the body: who runs a station is set on the station', async () => {
    // Act
    const result = await assign(admins.communityA, 'resident-a', { role: 'station_manager', stations: ['station-1'] });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers 403 to an admin changing their own role, before reading anything', async () => {
    // Act
    const result = await assign(admins.communityA, 'admin-a', { role: 'admin', units: ['city'] });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 400 naming body.units.N for a unit that does not exist', async () => {
    // Act
    const result = await assign(admins.communityA, 'resident-a', { role: 'grid_worker', units: ['grid-a1', 'grid-zz'] });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf<{ errors: { field: string }[] }>(result).errors.map((e) => e.field)).toEqual(['body.units.1']);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it("answers 404 for a unit of another community, and changes nothing", async () => {
    // Act
    const result = await assign(admins.communityA, 'resident-a', { role: 'grid_worker', units: ['grid-b1'] });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it("answers 404 to the admin of community A changing community B's grid worker", async () => {
    // Act
    const result = await assign(admins.communityA, 'worker-b', { role: 'resident' });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers 404 for a user that does not exist', async () => {
    // Act
    const result = await assign(admins.communityA, 'nobody', { role: 'volunteer', units: ['grid-a1'] });

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('answers 404 when the user disappears between the read and the update', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(Object.assign(new Error('failed'), { name: 'ConditionalCheckFailedException' }));

    // Act
    const result = await assign(admins.communityA, 'resident-a', { role: 'volunteer', units: ['grid-a1'] });

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('answers 404 to a subdistrict admin giving the city scope', async () => {
    // Act
    const result = await assign(admins.subdistrict, 'newcomer', { role: 'admin', units: ['city'] });

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('lets a city-wide admin appoint a district admin', async () => {
    // Act
    const result = await assign(admins.city, 'newcomer', { role: 'admin', units: ['district-1'] });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ role: 'admin', units: ['district-1'] });
  });

  it('answers 400 for an unknown role', async () => {
    // Act
    const result = await assign(admins.communityA, 'newcomer', { role: 'mayor' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf<{ errors: { field: string }[] }>(result).errors[0]!.field).toBe('body.role');
  });

  it('answers 403 to a resident assigning roles', async () => {
    // Act
    const result = await assign(resident, 'resident-a', { role: 'admin', units: ['city'] });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 403 to a grid worker assigning roles', async () => {
    // Act
    const result = await assign(gridWorker, 'resident-a', { role: 'volunteer', units: ['grid-a1'] });

    // Assess
    expect(result.statusCode).toBe(403);
  });
});
