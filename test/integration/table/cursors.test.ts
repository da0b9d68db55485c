import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { encodeCursor } from '../../../shared/http/pagination';
import { queryFrom, queryPage } from '../../../shared/table/query';
import { useEngine } from '../../support/engine';

useEngine();

/** The 400 a bad cursor answers, or what else happened. */
const outcome = async (run: () => Promise<unknown>) => {
  try {
    await run();
    return 'ok';
  } catch (error) {
    const problem = error as { status?: number; errors?: { field: string }[]; name?: string };
    return problem.status ? `${problem.status} ${problem.errors?.[0]?.field}` : `${problem.name}`;
  }
};

describe('cursors on table queries', () => {
  it('refuses with 400 a start key outside the query’s sort bounds, on the table and on an index', async () => {
    // Prepare: shaped right, in the caller's partition, but before the prefix or past the range.
    const onTable = encodeCursor({ pk: 'INBOX#u1', sk: 'ZZZ' });
    const onIndex = encodeCursor({ parentKey: 'SHIFTS_OF#m1', parentSort: '2027-01-01', pk: 'SHIFT#x', sk: 'SHIFT' });
    // Act
    const answers = await Promise.all([
      outcome(() => queryPage({ partition: 'INBOX#u1', sortPrefix: 'NOTE#', limit: 5, cursor: onTable! })),
      outcome(() =>
        queryPage({ index: 'byParent', partition: 'SHIFTS_OF#m1', sortBetween: ['2026-01-01', '2026-02-01'], limit: 5, cursor: onIndex! }),
      ),
    ]);
    // Assess
    expect(answers).toEqual(['400 query.cursor', '400 query.cursor']);
  });

  it('reads only what is due by a bound, and refuses a cursor past it', async () => {
    // Prepare: three entries due at 08:00, 09:00 and 10:00 of one day.
    for (const hour of ['08', '09', '10']) {
      const due = `2026-08-01T${hour}:00:00.000Z#job-${hour}`;
      await documents().send(
        new PutCommand({ TableName: config().tableName, Item: { pk: `PUSH#${hour}`, sk: 'PUSH', dueKey: 'DUE#bound', dueSort: due } }),
      );
    }
    const pastTheBound = encodeCursor({ dueKey: 'DUE#bound', dueSort: '2026-08-01T10:00:00.000Z#job-10', pk: 'PUSH#10', sk: 'PUSH' });
    // Act
    const due = await queryPage({ index: 'byDue', partition: 'DUE#bound', sortUpTo: '2026-08-01T09:00:00.000Z~', limit: 10 });
    const refused = await outcome(() =>
      queryPage({ index: 'byDue', partition: 'DUE#bound', sortUpTo: '2026-08-01T09:00:00.000Z~', limit: 10, cursor: pastTheBound! }),
    );
    // Assess: 09:00 itself is due; 10:00 is not, and a cursor cannot start beyond the bound.
    expect(due.items.map((item) => item.dueSort)).toEqual(['2026-08-01T08:00:00.000Z#job-08', '2026-08-01T09:00:00.000Z#job-09']);
    expect(refused).toBe('400 query.cursor');
  });

  it('turns the engine’s own refusal of a start key into a 400, never a 500', async () => {
    // Prepare: a start key no check ran on (an index key without the table's sort key).
    const command = new QueryCommand({
      TableName: config().tableName,
      IndexName: 'byUser',
      KeyConditionExpression: '#p = :p',
      ExpressionAttributeNames: { '#p': 'userKey' },
      ExpressionAttributeValues: { ':p': 'REQUESTS_OF#u1' },
      ExclusiveStartKey: { userKey: 'REQUESTS_OF#u1', userSort: 'x', pk: 'REQUEST#x' },
    });
    // Act
    const answer = await outcome(() => queryFrom(command));
    // Assess
    expect(answer).toBe('400 query.cursor');
  });

  it('pages through a list with the cursors it made', async () => {
    // Prepare
    for (const n of [1, 2, 3]) {
      await documents().send(new PutCommand({ TableName: config().tableName, Item: { pk: 'INBOX#pager', sk: `NOTE#${n}` } }));
    }
    // Act
    const first = await queryPage({ partition: 'INBOX#pager', sortPrefix: 'NOTE#', limit: 2 });
    const second = await queryPage({ partition: 'INBOX#pager', sortPrefix: 'NOTE#', limit: 2, cursor: first.nextCursor! });
    // Assess
    expect([...first.items, ...second.items].map((item) => item.sk)).toEqual(['NOTE#1', 'NOTE#2', 'NOTE#3']);
  });
});
