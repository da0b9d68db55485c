import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBridgeEvent } from 'aws-lambda';
import type { Subscription } from '../../events/catalogue';
import { BusJournal, type BusJournalOptions, newDeliveryId } from './bus-journal';
import { type DeadLetter, DeadLetterShelf } from './bus-dead-letters';
import { busEndpoint } from './bus-endpoint';
import { type PutEventsEntry, type PutEventsResult, eventOf, subscriptionOf, targetsOf } from './bus-events';
import {
  type Delivery,
  type PendingDelivery,
  type RetryPolicy,
  deadBeforeAttempt,
  failedAttempt,
  retryPolicyOf,
  stateOf,
} from './bus-deliveries';
import type { LocalFunctions } from './lambda';

export interface LocalBusOptions extends Partial<RetryPolicy> {
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
}

/**
 * The local EventBridge: an HTTP endpoint speaking the PutEvents JSON protocol, so handlers use the
 * real @aws-sdk/client-eventbridge with only the endpoint changed. Events are delivered to the
 * consumers whose rule pattern matches them (the patterns CDK deploys: bus-events.ts), asynchronously, with retries as the CDK rule targets have them
 * (DELIVERY_RETRIES, then the maximum event age: bus-retries.ts); what keeps failing becomes a dead letter.
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
  private readonly retries: RetryPolicy;
  /** Every event accepted, in order (tests read it). */
  readonly published: EventBridgeEvent<string, unknown>[] = [];

  constructor(private readonly options: LocalBusOptions) {
    this.retries = retryPolicyOf(options);
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
    return subscriptionOf(consumer);
  }

  /**
   * PutEvents: each valid entry becomes an event with one delivery per subscribed consumer.
   * Resolves once the accepted events are on disk (with a journal); deliveries start at once.
   */
  async putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult[]> {
    const started: Delivery[] = [];
    const results = entries.map((entry): PutEventsResult => {
      const accepted = eventOf(entry);
      if ('refused' in accepted) return accepted.refused;
      const { event } = accepted;
      this.published.push(event);
      started.push(...this.enqueueAll(targetsOf(event), event));
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
    const dead = deadBeforeAttempt(delivery, this.retries);
    if (dead !== undefined) return this.deadLetter(delivery, dead);
    delivery.running = true;
    this.running += 1;
    try {
      await this.options.lambdas.invoke(delivery.consumer, delivery.event);
      this.finish(delivery, 'handled');
    } catch (error) {
      const dead = failedAttempt(delivery, error, this.retries);
      if (dead !== undefined) {
        this.deadLetter(delivery, dead);
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
