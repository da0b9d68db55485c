import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fdatasync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { writeFileAtomically } from './durable-files';

export type BusEvent = EventBridgeEvent<string, unknown>;

/** Where one event stands with one consumer (a rule target), as the journal keeps it. */
export interface DeliveryState {
  /** The delivery's own id: an event has one delivery per consumer (and one more per redrive). */
  id: string;
  consumer: string;
  /** Invocations so far that did not succeed. */
  attempts: number;
  /** Of those, the ones spent from the retry budget (an idempotency record "in progress" is not one). */
  failures: number;
  /** Epoch ms: when the next attempt is due. */
  nextAttemptAt: number;
  /** Epoch ms: when the delivery was enqueued; its maximum event age counts from here. */
  since: number;
  lastError?: string;
}

/** An accepted event with the deliveries it still has to make. */
export interface LiveEvent {
  event: BusEvent;
  deliveries: DeliveryState[];
}

const deliverySchema = z.object({
  id: z.string(),
  consumer: z.string(),
  attempts: z.number(),
  failures: z.number(),
  nextAttemptAt: z.number(),
  since: z.number(),
  lastError: z.optional(z.string()),
});

const eventSchema = z.object({
  version: z.string(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});

/**
 * One line of the journal. `accepted` carries the event and the deliveries it starts (or, after a
 * compaction, the state of those still live); `failed` updates one delivery after an attempt;
 * `finished` ends one (handled, or handed to the dead letters).
 */
const recordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accepted'), event: eventSchema, deliveries: z.array(deliverySchema) }),
  z.object({
    type: z.literal('failed'),
    id: z.string(),
    attempts: z.number(),
    failures: z.number(),
    nextAttemptAt: z.number(),
    lastError: z.optional(z.string()),
  }),
  z.object({ type: z.literal('finished'), id: z.string(), outcome: z.enum(['handled', 'dead-letter']) }),
]);

type ParsedRecord = z.infer<typeof recordSchema>;
export type JournalRecord =
  | (Omit<Extract<ParsedRecord, { type: 'accepted' }>, 'event'> & { event: BusEvent })
  | Exclude<ParsedRecord, { type: 'accepted' }>;

export interface BusJournalOptions {
  /**
   * The journal is rewritten with only its live entries once it passes this size (and twice the
   * size of its last rewrite, so a large live set is not rewritten on every append).
   */
  compactAtBytes?: number;
  /** Records appended without a commit (attempts, completions) are synced within this time. */
  lazySyncMs?: number;
}

export const newDeliveryId = (): string => randomBytes(9).toString('base64url');

const syncData = promisify(fdatasync);

/**
 * The local bus's durable memory: an append-only file of JSON lines. An event is on disk — written
 * and synced — before PutEvents answers, and stays live until each of its deliveries is finished;
 * attempts and completions are appended too, so a restart resumes exactly the unfinished deliveries
 * with their attempt counts and next-attempt times.
 *
 * Syncing: `commit()` resolves once an fdatasync that began after the caller's append has returned.
 * Appends made while one sync runs wait for the next, which covers them all (group commit), so
 * concurrent PutEvents calls share syncs. Attempts and completions are appended without waiting: a
 * `kill -9` cannot lose them (they are in the page cache), and a power cut that does only costs a
 * repeated attempt, which consumers absorb (they are idempotent); they are synced with the next
 * commit or within `lazySyncMs`.
 *
 * Compaction: the live entries are written to `<file>.tmp`, synced, renamed over the journal, and
 * the folder synced, so a crash at any point leaves either the old journal or the new one whole.
 * Opening a journal compacts it, which also drops a torn last line (a crash mid-append).
 */
export class BusJournal {
  private fd: number;
  private bytes = 0;
  private bytesAfterCompaction = 0;
  private readonly events = new Map<string, { event: BusEvent; deliveries: Map<string, DeliveryState> }>();
  private readonly eventOfDelivery = new Map<string, string>();
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private syncing = false;
  private unsynced = false;
  private lazySyncWanted = false;
  private lazyTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly compactAtBytes: number;
  private readonly lazySyncMs: number;
  /** Lines skipped when the journal was opened (a torn tail, or a damaged line). */
  readonly skippedOnOpen: number;
  /** Syncs and compactions so far (the benchmark sets them against the commits they served). */
  readonly stats = { commits: 0, syncs: 0, compactions: 0 };

  constructor(
    readonly file: string,
    options: BusJournalOptions = {},
  ) {
    this.compactAtBytes = options.compactAtBytes ?? 8 * 1024 * 1024;
    this.lazySyncMs = options.lazySyncMs ?? 1000;
    mkdirSync(dirname(file), { recursive: true });
    // A compaction that crashed before its rename left a partial copy; the journal itself is whole.
    rmSync(`${file}.tmp`, { force: true });
    this.skippedOnOpen = existsSync(file) ? this.replay(readFileSync(file)) : 0;
    this.fd = -1;
    this.compact();
  }

  /** The events with deliveries still to make, in the order they were accepted. */
  live(): LiveEvent[] {
    return [...this.events.values()].map(({ event, deliveries }) => ({ event, deliveries: [...deliveries.values()].map((d) => ({ ...d })) }));
  }

  /** Size of the journal file now, in bytes. */
  size(): number {
    return this.bytes;
  }

  /** Records an accepted event and the deliveries it starts. Durable once `commit()` resolves. */
  accepted(event: BusEvent, deliveries: readonly DeliveryState[]): void {
    this.append({ type: 'accepted', event, deliveries: deliveries.map((d) => ({ ...d })) });
  }

  /** Records a failed attempt and when the next one is due. */
  failed(delivery: DeliveryState): void {
    const { id, attempts, failures, nextAttemptAt, lastError } = delivery;
    this.append({ type: 'failed', id, attempts, failures, nextAttemptAt, ...(lastError === undefined ? {} : { lastError }) });
  }

  /** Records that a delivery is over: handled, or handed to the dead letters. */
  finished(id: string, outcome: 'handled' | 'dead-letter'): void {
    this.append({ type: 'finished', id, outcome });
  }

  /** Resolves when everything appended so far is on disk (shares the sync with concurrent callers). */
  commit(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the bus journal is closed'));
    this.stats.commits += 1;
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.kick();
    });
  }

  /** Syncs what is pending and closes the file; nothing may be appended after. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.unsynced || this.waiters.length > 0) await this.commit();
    // The loop may still be between its last sync and its exit: the descriptor is closed after it.
    while (this.syncing) await new Promise((resolve) => setImmediate(resolve));
    this.closed = true;
    clearTimeout(this.lazyTimer);
    closeSync(this.fd);
  }

  private append(record: JournalRecord): void {
    if (this.closed) throw new Error('the bus journal is closed');
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    // One write per line, on a file opened for appending: lines never interleave, and a crash can
    // only tear the last one.
    let written = 0;
    while (written < line.length) written += writeSync(this.fd, line, written);
    this.bytes += line.length;
    this.apply(record);
    this.unsynced = true;
    if (this.needsCompaction()) this.kick();
    else this.armLazySync();
  }

  private armLazySync(): void {
    this.lazyTimer ??= setTimeout(() => {
      this.lazyTimer = undefined;
      if (this.closed || !this.unsynced) return;
      this.lazySyncWanted = true;
      this.kick();
    }, this.lazySyncMs).unref();
  }

  private needsCompaction(): boolean {
    return this.bytes > this.compactAtBytes && this.bytes > 2 * this.bytesAfterCompaction;
  }

  /** Starts the sync loop unless it runs; the flag is set and cleared with no await in between. */
  private kick(): void {
    if (this.syncing) return;
    this.syncing = true;
    void this.syncLoop();
  }

  private async syncLoop(): Promise<void> {
    try {
      while (this.waiters.length > 0 || this.lazySyncWanted || this.needsCompaction()) {
        // Everything appended before this point is covered by the sync (or compaction) below.
        const batch = this.waiters.splice(0);
        this.lazySyncWanted = false;
        this.unsynced = false;
        try {
          if (this.needsCompaction()) {
            this.compact();
          } else {
            this.stats.syncs += 1;
            await syncData(this.fd);
          }
          for (const waiter of batch) waiter.resolve();
        } catch (error) {
          this.unsynced = true;
          for (const waiter of batch) waiter.reject(error);
          if (batch.length === 0) console.error('[bus] could not sync the journal', error);
          // The next commit tries again, rather than this loop spinning on a failing disk.
          break;
        }
      }
    } finally {
      this.syncing = false;
    }
  }

  /**
   * Rewrites the journal with only its live entries, atomically (write, sync, rename, sync folder).
   * Runs by itself when the file passes its size; synchronous, so no append lands in between.
   */
  compact(): void {
    const content = [...this.events.values()]
      .map(({ event, deliveries }) => `${JSON.stringify({ type: 'accepted', event, deliveries: [...deliveries.values()] })}\n`)
      .join('');
    writeFileAtomically(this.file, content);
    this.stats.compactions += 1;
    // The old file's descriptor now points at a file no longer in the folder: append to the new one.
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = openSync(this.file, 'a');
    this.bytes = Buffer.byteLength(content);
    this.bytesAfterCompaction = this.bytes;
  }

  /** Applies the journal's lines; returns how many it skipped. */
  private replay(content: Buffer): number {
    const text = content.toString('utf8');
    const lines = text.split('\n');
    // The part after the last newline is a line a crash cut short (or nothing).
    const torn = lines.pop() ?? '';
    let skipped = torn.length > 0 ? 1 : 0;
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const parsed = parseRecord(line);
      if (parsed) {
        this.apply(parsed);
      } else {
        skipped += 1;
        console.error(`[bus] ${this.file}: line ${index + 1} is damaged; skipped`);
      }
    }
    return skipped;
  }

  private apply(record: JournalRecord): void {
    if (record.type === 'accepted') {
      let entry = this.events.get(record.event.id);
      if (!entry) {
        entry = { event: record.event, deliveries: new Map() };
        this.events.set(record.event.id, entry);
      }
      for (const delivery of record.deliveries) {
        entry.deliveries.set(delivery.id, { ...delivery });
        this.eventOfDelivery.set(delivery.id, record.event.id);
      }
      return;
    }
    const eventId = this.eventOfDelivery.get(record.id);
    const entry = eventId === undefined ? undefined : this.events.get(eventId);
    const delivery = entry?.deliveries.get(record.id);
    if (!entry || !delivery) return;
    if (record.type === 'failed') {
      delivery.attempts = record.attempts;
      delivery.failures = record.failures;
      delivery.nextAttemptAt = record.nextAttemptAt;
      if (record.lastError === undefined) delete delivery.lastError;
      else delivery.lastError = record.lastError;
      return;
    }
    entry.deliveries.delete(record.id);
    this.eventOfDelivery.delete(record.id);
    if (entry.deliveries.size === 0) this.events.delete(eventId!);
  }
}

function parseRecord(line: string): JournalRecord | undefined {
  try {
    const result = recordSchema.safeParse(JSON.parse(line));
    // The schema checks every field a delivery needs; `detail` is the event's own JSON, kept as is.
    return result.success ? (result.data as JournalRecord) : undefined;
  } catch {
    return undefined;
  }
}
