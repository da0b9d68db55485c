import { describe, expect, it } from 'vitest';
import { callsOf, denialOf } from '../../infra/local/table-guard';
import { type TableAccess, anyPartition, partitionOf, tableAccessOf } from '../../infra/table-access';
import { keys } from '../../shared/table/design';

const TABLE = 'grid-service';
const S = (value: string) => ({ S: value });
/** The one call a single-table request makes. */
const callOf = (operation: string, body: Record<string, unknown>) => callsOf(operation, { TableName: TABLE, ...body })[0]!;

const readsUsers: TableAccess = { items: [{ actions: ['GetItem', 'Query'], partitions: [partitionOf(keys.user)] }], indexes: ['byUser'] };

describe("the local runtime's check of table access", () => {
  it('lets a function make a call its declaration allows', () => {
    // Prepare
    const call = callOf('GetItem', { Key: { pk: S('USER#u1'), sk: S('PROFILE') } });
    // Act
    const denial = denialOf(readsUsers, call, TABLE);
    // Assess
    expect(denial).toBeUndefined();
  });

  it('refuses an item whose partition is outside the declared prefixes', () => {
    // Prepare
    const call = callOf('GetItem', { Key: { pk: S('WECHAT#openid'), sk: S('LINK') } });
    // Act
    const denial = denialOf(readsUsers, call, TABLE);
    // Assess
    expect(denial).toMatch(/leading keys WECHAT#openid are outside/);
  });

  it('refuses an action the declaration does not name, on a partition it does', () => {
    // Prepare
    const call = callOf('PutItem', { Item: { pk: S('USER#u1'), sk: S('PROFILE') } });
    // Act
    const denial = denialOf(readsUsers, call, TABLE);
    // Assess
    expect(denial).toMatch(/dynamodb:PutItem .*not granted/);
  });

  it('refuses a Scan, of the table or an index, even to a function that may read any partition', () => {
    // Prepare
    const everywhere: TableAccess = { items: [{ actions: ['GetItem', 'Query'], partitions: anyPartition }], indexes: ['outbox'] };
    // Act
    const denials = [callOf('Scan', {}), callOf('Scan', { IndexName: 'outbox' })].map((call) => denialOf(everywhere, call, TABLE));
    // Assess
    expect(denials).toEqual([expect.stringMatching(/dynamodb:Scan on table\/grid-service: never granted/), expect.stringMatching(/dynamodb:Scan .*index\/outbox/)]);
  });

  it('refuses every call of a function declared without table access', () => {
    // Prepare
    const call = callOf('GetItem', { Key: { pk: S('USER#u1'), sk: S('PROFILE') } });
    // Act
    const denial = denialOf(tableAccessOf('meta'), call, TABLE);
    // Assess
    expect(denial).toMatch(/no table access at all/);
  });

  it('holds index Queries to the declared indexes, whatever their partition', () => {
    // Prepare
    const declared = callOf('Query', { IndexName: 'byUser', KeyConditionExpression: '#p = :p', ExpressionAttributeNames: { '#p': 'userKey' }, ExpressionAttributeValues: { ':p': S('ANY#x') } });
    const undeclared = callOf('Query', { IndexName: 'byDue', KeyConditionExpression: 'dueKey = :p', ExpressionAttributeValues: { ':p': S('DUE#x') } });
    // Act
    const denials = [declared, undeclared].map((call) => denialOf(readsUsers, call, TABLE));
    // Assess
    expect(denials[0]).toBeUndefined();
    expect(denials[1]).toMatch(/index\/byDue: not granted/);
  });

  it('reads the partition of a Query on the table from its key condition, aliased or not', () => {
    // Prepare
    const aliased = { KeyConditionExpression: '#p = :p AND begins_with(#s, :s)', ExpressionAttributeNames: { '#p': 'pk', '#s': 'sk' }, ExpressionAttributeValues: { ':p': S('UNIT#u1'), ':s': S('MEMBER#') } };
    const plain = { KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': S('STATION#s1'), ':from': S('A'), ':to': S('B') } };
    // Act
    const partitions = [callOf('Query', aliased), callOf('Query', plain)].map((call) => call.partitions);
    // Assess
    expect(partitions).toEqual([['UNIT#u1'], ['STATION#s1']]);
  });

  it('judges a batch by the partitions of every item it touches', () => {
    // Prepare
    const writesHints: TableAccess = { items: [{ actions: ['BatchWriteItem'], partitions: [partitionOf(keys.managedStation)] }], indexes: [] };
    const batch = {
      RequestItems: {
        [TABLE]: [
          { PutRequest: { Item: { pk: S('USER#u1'), sk: S('MANAGES#s1') } } },
          { DeleteRequest: { Key: { pk: S('UNIT#g1'), sk: S('CELL#wtsq') } } },
        ],
      },
    };
    // Act
    const [call] = callsOf('BatchWriteItem', batch);
    // Assess
    expect(call!.partitions).toEqual(['USER#u1', 'UNIT#g1']);
    expect(denialOf(writesHints, call!, TABLE)).toMatch(/leading keys UNIT#g1 are outside/);
  });

  it('refuses transactions and calls on another table', () => {
    // Prepare
    const everywhere: TableAccess = { items: [{ actions: ['GetItem', 'PutItem', 'UpdateItem'], partitions: anyPartition }], indexes: [] };
    const elsewhere = callsOf('GetItem', { TableName: 'another', Key: { pk: S('USER#u1'), sk: S('PROFILE') } })[0]!;
    // Act
    const denials = [callOf('TransactWriteItems', {}), elsewhere].map((call) => denialOf(everywhere, call, TABLE));
    // Assess
    expect(denials).toEqual([expect.stringMatching(/TransactWriteItems/), expect.stringMatching(/not the service's table/)]);
  });

  it('takes partition prefixes from the key builders themselves', () => {
    // Act
    const prefixes = [keys.user, keys.member, keys.idempotencyRecord, keys.hoursEntry].map(partitionOf);
    // Assess
    expect(prefixes).toEqual(['USER#', 'UNIT#', 'IDEMPOTENCY#', 'UNIT#']);
  });
});
