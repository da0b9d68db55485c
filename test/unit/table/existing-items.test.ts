import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetClients } from '../../../shared/aws/clients';
import { withExistingItems } from '../../../shared/table/query';

const dynamo = mockClient(DynamoDBDocumentClient);

/** An index entry as a Query returns it: the item's keys and its copy of the attributes. */
const entry = (id: string) => ({ pk: `REQUEST#${id}`, sk: 'REQUEST', userKey: 'REQUESTS_OF#r1', userSort: id, id });

beforeEach(() => {
  vi.stubEnv('TABLE_NAME', 'grid-test');
  resetClients();
  dynamo.reset();
});

describe('withExistingItems', () => {
  it('drops the index entries whose item is gone, keeping the others in order and the cursor', async () => {
    // Prepare: of three entries, the middle one's item was lost (an engine crash between the two writes).
    dynamo.on(BatchGetCommand).resolves({ Responses: { 'grid-test': [{ pk: 'REQUEST#c', sk: 'REQUEST' }, { pk: 'REQUEST#a', sk: 'REQUEST' }] } });

    // Act
    const page = await withExistingItems({ items: [entry('a'), entry('b'), entry('c')], nextCursor: 'next' });

    // Assess
    expect(page).toEqual({ items: [entry('a'), entry('c')], nextCursor: 'next' });
    const [call] = dynamo.commandCalls(BatchGetCommand);
    expect(call!.args[0].input.RequestItems!['grid-test']).toMatchObject({ Keys: [{ pk: 'REQUEST#a', sk: 'REQUEST' }, { pk: 'REQUEST#b', sk: 'REQUEST' }, { pk: 'REQUEST#c', sk: 'REQUEST' }] });
  });

  it('asks again for keys the engine left unprocessed', async () => {
    // Prepare
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { 'grid-test': [{ pk: 'REQUEST#a', sk: 'REQUEST' }] }, UnprocessedKeys: { 'grid-test': { Keys: [{ pk: 'REQUEST#b', sk: 'REQUEST' }] } } })
      .resolvesOnce({ Responses: { 'grid-test': [{ pk: 'REQUEST#b', sk: 'REQUEST' }] } });

    // Act
    const page = await withExistingItems({ items: [entry('a'), entry('b')] });

    // Assess
    expect(page.items.map((item) => item.id)).toEqual(['a', 'b']);
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(2);
  });

  it('reads nothing for an empty page', async () => {
    // Act
    const page = await withExistingItems({ items: [] });

    // Assess
    expect(page.items).toEqual([]);
    expect(dynamo.calls()).toHaveLength(0);
  });
});
