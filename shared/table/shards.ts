import { createHash } from 'node:crypto';

/**
 * The shard in `[0, shards)` an id belongs to: the first 32 bits of its SHA-256, so ids spread evenly
 * whatever their shape (time-ordered ids share long prefixes). The only shard function: every sharded
 * partition (outbox, deadlines, reminders, pushes) uses it.
 */
export const shardOf = (id: string, shards: number): number =>
  Number.parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16) % shards;

/** One page of one shard: its items and where its next page starts. */
export interface ShardPage<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * Reads the shards of a sharded partition side by side rather than one after another, at most `max`
 * items in all and never more: each round asks every shard not yet exhausted for one page of its
 * share of what is left (at most `pageSize`), until `max` items are in or every shard is done. With
 * less left than there are shards, the later shards wait a round. Items come back shard by shard,
 * each shard's in its own order.
 */
export async function readShards<T>(
  shards: number,
  max: number,
  pageSize: number,
  page: (shard: number, limit: number, cursor: string | undefined) => Promise<ShardPage<T>>,
): Promise<T[]> {
  const found: T[][] = Array.from({ length: shards }, () => []);
  /** Shards not yet exhausted, and where each one's next page starts (undefined: at its beginning). */
  const open = new Map<number, string | undefined>(Array.from({ length: shards }, (_, shard) => [shard, undefined]));
  let total = 0;
  while (open.size > 0 && total < max) {
    const left = max - total;
    const asking = [...open];
    await Promise.all(
      asking.map(async ([shard, cursor], index) => {
        const share = Math.min(pageSize, Math.floor(left / asking.length) + (index < left % asking.length ? 1 : 0));
        if (share === 0) return;
        const { items, nextCursor } = await page(shard, share, cursor);
        found[shard]!.push(...items);
        total += items.length;
        if (nextCursor) open.set(shard, nextCursor);
        else open.delete(shard);
      }),
    );
  }
  return found.flat();
}
