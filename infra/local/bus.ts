import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { DELIVERY_MAX_EVENT_AGE_SECONDS, DELIVERY_RETRIES, type Subscription, subscriptions } from '../../events/catalogue';
import {
  BusJournal,
  type BusJournalOptions,
  type DeliveryState,
  newDeliveryId,
} from './bus-journal';
import { type DeadLetter, DeadLetterShelf } from './bus-dead-letters';
import { type RulePattern, matchesRule, rulePattern } from '../event-rules';
import { busEndpoint } from './bus-endpoint';
import type { LocalFunctions } from './lambda';

/** An unfinished delivery, as `deliveries()` shows it. */
export interface PendingDelivery extends DeliveryState {
  eventId: string;
  /** An attempt is running now. */
  running: boolean;
}

export interface LocalBusOptions {
  /** What runs the consumers (the runtime's functions; tests hand in their own). */
  lambdas: Pick<LocalFunctions, 'invoke'>;
  busName: string;
  /** Where dead letters are kept across restarts; in memory only when absent. */
  deadLetterFile?: string;
  /**
   * The journal that keeps accepted events on disk until each of their deliveries is handled or
   * dead-lettered (infra/local/bus-journal.ts); without one, events live in memory only.
   */
  journalFile?: string;
  journal?: BusJournalOptions;
  /** Delay before retry n (1-based); EventBridge backs off for minutes, locally we keep it short. */
  retryDelayMs?: (attempt: number) => number;
  /** No retry waits longer than this (a delivery waiting out an in-progress record polls at this pace). */
  maxRetryDelayMs?: number;
  /** A delivery not handled this long after it was enqueued becomes a dead letter (the rule's maximum event age). */
  maxEventAgeMs?: number;
}

interface Delivery extends DeliveryState {
  event: EventBridgeEvent<string, unknown>;
  timer?: NodeJS.Timeout;
  running: boolean;
}

/** One rule per subscription, with the very pattern CDK gives the consumer's rule (infra/event-rules.ts). */
const RULES: readonly { subscription: Subscription; pattern: RulePattern }[] = subscriptions.map((subscription) => ({
  subscription,
  pattern: rulePattern(subscription.events),
}));

/** Attempts a delivery may fail before it becomes a dead letter: the first and the retries. */
const ATTEMPTS = 1 + DELIVERY_RETRIES;

/**
 * Powertools idempotency's answer while another run holds the event's record: that run is still
 * going, or died, and its record expires after the function's timeout (its Lambda context's
 * remaining time). Either way the delivery must wait, not use up its retries: a redelivery right
 * after a crash would otherwise be dead-lettered before the record expires.
 */
const isInProgress = (error: unknown): boolean => error instanceof Error && error.name === 'IdempotencyAlreadyInProgressError';

/**
 * The local EventBridge: an HTTP endpoint speaking the PutEvents JSON protocol, so handlers use the
 * real @aws-sdk/client-eventbridge with only the endpoint changed. Events are delivered to the
 * consumers whose rule pattern matches them (the patterns CDK deploys, infra/event-rules.ts), asynchronously, with retries as the CDK rule targets have them
 * (DELIVERY_RETRIES, then the maximum event age); what keeps failing becomes a dead letter.
 *
 * With a journal file, an accepted event is on disk before PutEvents answers and stays there until
 * every delivery is handled or dead-lettered, as EventBridge keeps an event it accepted: a restart
 * (even after `kill -9`) resumes the unfinished deliveries where they were. Without one (the tests'
 * default), events live in memory.
 */
export class LocalBus {
  private server?: Server;
  private readonly active = new Set<Delivery>();
  private held: Delivery[] | undefined;
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  private stoppedWaiters: (() => void)[] = [];
  private outage = false;
  private closed = false;
  private journalClosed = false;
  private resumed = false;
  private readonly deadLetters: DeadLetterShelf;
  private readonly journal: BusJournal | undefined;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly maxRetryDelayMs: number;
  private readonly maxEventAgeMs: number;
  /** Every event accepted, in order (tests read it). */
  readonly published: EventBridgeEvent<string, unknown>[] = [];

  constructor(private readonly options: LocalBusOptions) {
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => 200 * 2 ** (attempt - 1));
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.maxEventAgeMs = options.maxEventAgeMs ?? DELIVERY_MAX_EVENT_AGE_SECONDS * 1000;
    this.deadLetters = new DeadLetterShelf(options.deadLetterFile);
    if (options.journalFile) {
      this.journal = new BusJournal(options.journalFile, options.journal);
      for (const { event, deliveries } of this.journal.live()) {
        for (const state of deliveries) this.active.add({ ...state, event, running: false });
      }
      // A delivery both live and dead-lettered was redriven, or dead-lettered just before a crash
      // that kept its journal line from being written: the journal decides, so it is not listed twice.
      const live = new Set([...this.active].map((delivery) => `${delivery.event.id} ${delivery.consumer}`));
      this.deadLetters.keepOnly((letter) => !live.has(`${letter.event.id} ${letter.consumer}`));
    }
  }

  /** Starts the endpoint on 127.0.0.1 (port 0: a free one) and returns its URL; fails if the port is taken. */
  async listen(port = 0): Promise<string> {
    this.server = createServer(busEndpoint(this));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * Starts the deliveries a previous run left unfinished (from the journal), each when its next
   * attempt is due. The runtime calls it once the consumers' environment is set.
   */
  resume(): void {
    if (this.resumed) return;
    this.resumed = true;
    for (const delivery of this.active) this.schedule(delivery);
  }

  /**
   * In memory: waits for every delivery to finish, retries included, then stops. With a journal:
   * waits only for the attempts running now; what is left waits in the journal for the next start.
   */
  async close(): Promise<void> {
    if (this.journal) {
      this.closed = true;
      for (const delivery of this.active) clearTimeout(delivery.timer);
      this.held = undefined;
      if (this.running > 0) await new Promise<void>((resolve) => this.stoppedWaiters.push(resolve));
    } else {
      await this.idle();
      this.closed = true;
    }
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      if (this.server) this.server.close(() => resolve());
      else resolve();
    });
    this.journalClosed = true;
    await this.journal?.close();
  }

  /** While on, every PutEvents call fails as in a service outage (tests inject failures with it). */
  setOutage(on: boolean): void {
    this.outage = on;
  }

  /**
   * While on, deliveries are accepted (and journaled) but not started; turning it off starts them.
   * The benchmark measures the publishing side alone with it.
   */
  hold(on: boolean): void {
    if (on) {
      this.held ??= [];
      return;
    }
    const held = this.held ?? [];
    this.held = undefined;
    for (const delivery of held) this.schedule(delivery);
  }

  /** Resolves when no delivery is in flight (running or waiting for a retry); held ones do not count. */
  idle(): Promise<void> {
    return this.isIdle() ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The journal's commits, syncs and compactions so far; undefined in memory. */
  journalStats(): Readonly<BusJournal['stats']> | undefined {
    return this.journal ? { ...this.journal.stats } : undefined;
  }

  listDeadLetters(): readonly DeadLetter[] {
    return this.deadLetters.list();
  }

  /** The deliveries not finished yet, with their attempt counts and next-attempt times. */
  deliveries(): PendingDelivery[] {
    return [...this.active].map(({ event, timer: _timer, ...state }) => ({ ...state, eventId: event.id }));
  }

  /** Delivers every dead letter again; those that fail again come back as dead letters. */
  async redrive(): Promise<number> {
    const letters = [...this.deadLetters.list()];
    const deliveries = letters.map((letter) => this.enqueue(this.subscription(letter.consumer), letter.event));
    // On disk as live deliveries before they leave the dead letters, so a crash in between loses neither.
    await this.journal?.commit();
    this.deadLetters.removeFirst(letters.length);
    for (const delivery of deliveries) this.schedule(delivery);
    return letters.length;
  }

  /** Hands an event to one consumer, as a rule target would (also used to simulate duplicates). */
  deliver(subscription: Subscription, event: EventBridgeEvent<string, unknown>): void {
    this.schedule(this.enqueue(subscription, event));
  }

  subscription(consumer: string): Subscription {
    const found = subscriptions.find((candidate) => candidate.consumer === consumer);
    if (!found) throw new Error(`no consumer named ${consumer}`);
    return found;
  }

  /**
   * PutEvents: each valid entry becomes an event with one delivery per subscribed consumer.
   * Resolves once the accepted events are on disk (with a journal); deliveries start at once.
   */
  async putEvents(
    entries: readonly { Source?: string; DetailType?: string; Detail?: string; EventBusName?: string; Resources?: string[] }[],
  ): Promise<({ EventId: string } | { ErrorCode: string; ErrorMessage: string })[]> {
    const started: Delivery[] = [];
    const results = entries.map((entry) => {
      if (!entry.Source || !entry.DetailType || !entry.Detail) {
        return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required' };
      }
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
      }
      const event: EventBridgeEvent<string, unknown> = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'local',
        resources: entry.Resources ?? [],
        detail,
      };
      this.published.push(event);
      const targets = RULES.filter(({ pattern }) => matchesRule(pattern, event)).map(({ subscription }) => subscription);
      started.push(...this.enqueueAll(targets, event));
      return { EventId: event.id };
    });
    for (const delivery of started) this.schedule(delivery);
    // One sync for the whole call, shared with the calls that arrive meanwhile (group commit).
    await this.journal?.commit();
    return results;
  }

  private enqueue(subscription: Subscription, event: EventBridgeEvent<string, unknown>): Delivery {
    return this.enqueueAll([subscription], event)[0]!;
  }

  /** Registers an event's deliveries (and journals them, to be synced by the next commit). */
  private enqueueAll(targets: readonly Subscription[], event: EventBridgeEvent<string, unknown>): Delivery[] {
    const now = Date.now();
    const deliveries: Delivery[] = targets.map((subscription) => ({
      id: newDeliveryId(),
      consumer: subscription.consumer,
      attempts: 0,
      failures: 0,
      nextAttemptAt: now,
      since: now,
      event,
      running: false,
    }));
    if (deliveries.length === 0) return deliveries;
    this.journal?.accepted(event, deliveries.map(stateOf));
    for (const delivery of deliveries) this.active.add(delivery);
    return deliveries;
  }

  /** Starts a delivery's next attempt when it is due (held while `hold` is on; never after close). */
  private schedule(delivery: Delivery): void {
    if (this.closed) return;
    if (this.held) {
      this.held.push(delivery);
      this.notifyIfIdle();
      return;
    }
    delivery.timer = setTimeout(() => void this.attempt(delivery), Math.max(0, delivery.nextAttemptAt - Date.now()));
  }

  private async attempt(delivery: Delivery): Promise<void> {
    delivery.timer = undefined;
    if (Date.now() - delivery.since >= this.maxEventAgeMs) {
      return this.deadLetter(delivery, `maximum event age passed${delivery.lastError ? `; last error ${delivery.lastError}` : ''}`);
    }
    // Resumed after a crash between its last failed attempt and its dead letter.
    if (delivery.failures >= ATTEMPTS) return this.deadLetter(delivery, delivery.lastError ?? 'no attempts left');
    delivery.running = true;
    this.running += 1;
    try {
      await this.options.lambdas.invoke(delivery.consumer, delivery.event);
      this.finish(delivery, 'handled');
    } catch (error) {
      const inProgress = isInProgress(error);
      delivery.attempts += 1;
      if (!inProgress) delivery.failures += 1;
      delivery.lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const delay = Math.min(this.retryDelayMs(delivery.attempts), this.maxRetryDelayMs);
      delivery.nextAttemptAt = Date.now() + delay;
      if (delivery.failures >= ATTEMPTS) {
        this.deadLetter(delivery, delivery.lastError);
      } else if (delivery.nextAttemptAt - delivery.since >= this.maxEventAgeMs) {
        this.deadLetter(delivery, `maximum event age passed; last error ${delivery.lastError}`);
      } else {
        this.journalWrite((journal) => journal.failed(stateOf(delivery)));
        this.schedule(delivery);
      }
    } finally {
      delivery.running = false;
      this.running -= 1;
      if (this.running === 0) this.stoppedWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  private deadLetter(delivery: Delivery, error: string): void {
    const letter: DeadLetter = {
      consumer: delivery.consumer,
      event: delivery.event,
      error,
      attempts: delivery.attempts,
      failedAt: new Date().toISOString(),
    };
    // The letter is on disk before the journal lets the delivery go (see the constructor).
    this.deadLetters.add(letter);
    console.error(`[bus] dead letter: ${delivery.consumer} could not handle ${delivery.event['detail-type']} ${delivery.event.id}: ${error}`);
    this.finish(delivery, 'dead-letter');
  }

  private finish(delivery: Delivery, outcome: 'handled' | 'dead-letter'): void {
    this.journalWrite((journal) => journal.finished(delivery.id, outcome));
    this.active.delete(delivery);
    this.notifyIfIdle();
  }

  private journalWrite(write: (journal: BusJournal) => void): void {
    if (this.journal && !this.journalClosed) write(this.journal);
  }

  private isIdle(): boolean {
    return this.active.size === (this.held?.length ?? 0);
  }

  private notifyIfIdle(): void {
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** Whether an outage is being injected (PutEvents answers 503). */
  get inOutage(): boolean {
    return this.outage;
  }
}

const stateOf = ({ id, consumer, attempts, failures, nextAttemptAt, since, lastError }: DeliveryState): DeliveryState => ({
  id,
  consumer,
  attempts,
  failures,
  nextAttemptAt,
  since,
  ...(lastError === undefined ? {} : { lastError }),
});
