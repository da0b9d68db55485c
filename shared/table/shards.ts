import { createHash } from 'node:crypto';

/**
 * The shard in `[0, shards)` an id belongs to: the first 32 bits of its SHA-256, so ids spread evenly
 * whatever their shape (time-ordered ids share long prefixes). The only shard function: every sharded
 * partition (outbox, deadlines, reminders, pushes) uses it.
 */
export const shardOf = (id: string, shards: number): number =>
  Number.parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16) % shards;
