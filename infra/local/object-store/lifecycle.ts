import { type ExpiryRule, photoLifecycle } from '../../../shared/photos/objects';
import type { ObjectFiles } from './files';
import { hasTag } from './tags';

/**
 * The twin of the photos bucket's lifecycle: the rules CDK gives the bucket (infra/photos-bucket.ts),
 * read from the one declaration, `photoLifecycle` in shared/photos/objects.ts. An object expires
 * once it is under a rule's prefix, carries the rule's tag (when the rule names one), and was written
 * more than the rule's days before; so a long-running laptop keeps no more than the bucket would.
 * S3 rounds each expiry up to the next midnight UTC and runs about daily; this takes the exact age,
 * so nothing the service relies on can be kept here longer than the bucket keeps it.
 */

const DAY_MS = 24 * 3600_000;

/** How often the lifecycle runs (S3 runs it about daily; hourly keeps a long-running laptop tidy). */
const SWEEP_EVERY_MS = 3600_000;

/** Deletes the objects the rules expire as of `now` in each bucket; returns them as `<bucket>/<key>`. */
export function sweepExpired(files: ObjectFiles, buckets: Iterable<string>, now: Date, rules: readonly ExpiryRule[] = photoLifecycle): string[] {
  const deleted: string[] = [];
  for (const bucket of buckets) {
    for (const key of expiredKeys(files, bucket, now, rules)) {
      files.delete(bucket, key);
      deleted.push(`${bucket}/${key}`);
    }
  }
  return deleted;
}

/** The keys of `bucket` that one of `rules` expires as of `now`, each once. */
export function expiredKeys(files: ObjectFiles, bucket: string, now: Date, rules: readonly ExpiryRule[] = photoLifecycle): string[] {
  const expired = new Set<string>();
  for (const rule of rules) {
    for (const key of keysWithPrefix(files, bucket, rule.prefix)) {
      if (expired.has(key) || now.getTime() - files.writtenAt(bucket, key) <= rule.days * DAY_MS) continue;
      // An object is read whole (its tags are trusted only with bytes that match) only once it is old enough.
      if (rule.tag && !hasTag(files.read(bucket, key)?.tags ?? {}, rule.tag)) continue;
      expired.add(key);
    }
  }
  return [...expired];
}

/** The keys that start with `prefix`, listed from the folder it names or lies in. */
function keysWithPrefix(files: ObjectFiles, bucket: string, prefix: string): string[] {
  const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  return files.keysUnder(bucket, folder).filter((key) => key.startsWith(prefix));
}

/**
 * Runs `sweep` now and hourly; returns what stops it. A failed sweep is logged, not thrown: the store
 * keeps serving, and the next sweep tries again. The timer does not keep the process alive.
 */
export function sweepPeriodically(sweep: () => void): () => void {
  const sweepQuietly = () => {
    try {
      sweep();
    } catch (error) {
      console.error('[object store] the lifecycle sweep failed', error);
    }
  };
  sweepQuietly();
  const timer = setInterval(sweepQuietly, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
