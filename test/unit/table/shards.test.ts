import { describe, expect, it } from 'vitest';
import { type ShardPage, readShards } from '../../../shared/table/shards';

/** Shards held in memory, paged by position, recording every page asked for and how many were in flight at once. */
function memoryShards(contents: number[][]) {
  const asked: { shard: number; limit: number }[] = [];
  let read = 0;
  let inFlight = 0;
  let most = 0;
  const page = async (shard: number, limit: number, cursor: string | undefined): Promise<ShardPage<string>> => {
    asked.push({ shard, limit });
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    const start = cursor ? Number(cursor) : 0;
    const items = contents[shard]!.slice(start, start + limit).map((n) => `${shard}:${n}`);
    read += items.length;
    // As DynamoDB does: a full page says where the next one starts, even when nothing is left.
    return { items, ...(items.length === limit ? { nextCursor: String(start + limit) } : {}) };
  };
  return { page, asked, most: () => most, read: () => read };
}

const range = (length: number) => Array.from({ length }, (_, n) => n);

describe('reading the shards of a partition side by side', () => {
  it('asks every shard at once and gives their items shard by shard, each in its order', async () => {
    // Prepare
    const shards = memoryShards([[0, 1], [], [0], [0, 1, 2]]);
    // Act
    const items = await readShards(4, 500, 100, shards.page);
    // Assess
    expect(items).toEqual(['0:0', '0:1', '2:0', '3:0', '3:1', '3:2']);
    expect(shards.asked).toEqual([0, 1, 2, 3].map((shard) => ({ shard, limit: 100 })));
    expect(shards.most()).toBe(4);
  });

  it('never reads more than the most it may return, sharing it between the shards', async () => {
    // Prepare
    const shards = memoryShards([range(10), range(1), range(10), range(10)]);
    // Act
    const items = await readShards(4, 10, 100, shards.page);
    // Assess
    expect(items).toHaveLength(10);
    expect(shards.read()).toBe(10);
    // 10 shared by four, then the 2 left by the shard that had only one item, shared by the other three.
    expect(shards.asked.map(({ limit }) => limit)).toEqual([3, 3, 2, 2, 1, 1]);
    expect(items.filter((item) => item.startsWith('1:'))).toEqual(['1:0']);
  });

  it('reads page after page of a shard that holds more than a page, up to the most', async () => {
    // Prepare
    const shards = memoryShards([range(250), [], [], []]);
    // Act
    const all = await readShards(4, 500, 100, shards.page);
    const some = await readShards(4, 120, 100, memoryShards([range(250), [], [], []]).page);
    // Assess
    expect(all).toEqual(range(250).map((n) => `0:${n}`));
    expect(some).toEqual(range(120).map((n) => `0:${n}`));
  });
});
