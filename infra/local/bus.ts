import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { DELIVERY_RETRIES, type Subscription, subscriptions } from '../../events/catalogue';
import type { LocalLambdas } from './lambda';

/** A delivery that failed every attempt, kept so someone can look at it and redrive it. */
export interface DeadLetter {
  consumer: string;
  event: EventBridgeEvent<string, unknown>;
  error: string;
  attempts: number;
  failedAt: string;
}

export interface LocalBusOptions {
  lambdas: LocalLambdas;
  busName: string;
  /** Where dead letters are kept across restarts; in memory only when absent. */
  deadLetterFile?: string;
  /** Delay before retry n (1-based); EventBridge backs off for minutes, locally we keep it short. */
  retryDelayMs?: (attempt: number) => number;
}

/**
 * The local EventBridge: an HTTP endpoint speaking the PutEvents JSON protocol, so handlers use the
 * real @aws-sdk/client-eventbridge with only the endpoint changed. Events are delivered to the
 * consumers the catalogue subscribes, asynchronously, with retries; what keeps failing becomes a
 * dead letter.
 */
export class LocalBus {
  private server?: Server;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private outage = false;
  private readonly deadLetters: DeadLetter[] = [];
  private readonly retryDelayMs: (attempt: number) => number;
  /** Every event accepted, in order (tests read it). */
  readonly published: EventBridgeEvent<string, unknown>[] = [];

  constructor(private readonly options: LocalBusOptions) {
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => 200 * 2 ** (attempt - 1));
    if (options.deadLetterFile && existsSync(options.deadLetterFile)) {
      for (const line of readFileSync(options.deadLetterFile, 'utf8').split('\n')) {
        if (line.trim()) this.deadLetters.push(JSON.parse(line) as DeadLetter);
      }
    }
  }

  /** Starts the endpoint on 127.0.0.1 and returns its URL. */
  async listen(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ __type: 'InternalException', message: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await this.idle();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** While on, every PutEvents call fails as in a service outage (tests inject failures with it). */
  setOutage(on: boolean): void {
    this.outage = on;
  }

  /** Resolves when no delivery is in flight. */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  listDeadLetters(): readonly DeadLetter[] {
    return this.deadLetters;
  }

  /** Delivers every dead letter again; those that fail again come back as dead letters. */
  redrive(): number {
    const letters = this.deadLetters.splice(0);
    this.persistDeadLetters();
    for (const letter of letters) this.deliver(this.subscription(letter.consumer), letter.event);
    return letters.length;
  }

  /** Hands an event to one consumer, as a rule target would (also used to simulate duplicates). */
  deliver(subscription: Subscription, event: EventBridgeEvent<string, unknown>): void {
    this.inFlight += 1;
    void this.deliverWithRetries(subscription, event).finally(() => {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    });
  }

  subscription(consumer: string): Subscription {
    const found = subscriptions.find((candidate) => candidate.consumer === consumer);
    if (!found) throw new Error(`no consumer named ${consumer}`);
    return found;
  }

  private async deliverWithRetries(subscription: Subscription, event: EventBridgeEvent<string, unknown>) {
    const attempts = 1 + DELIVERY_RETRIES;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        await this.options.lambdas.invoke(subscription.consumer, event);
        return;
      } catch (error) {
        lastError = error;
        if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs(attempt)));
      }
    }
    const letter: DeadLetter = {
      consumer: subscription.consumer,
      event,
      error: lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError),
      attempts,
      failedAt: new Date().toISOString(),
    };
    this.deadLetters.push(letter);
    if (this.options.deadLetterFile) appendFileSync(this.options.deadLetterFile, `${JSON.stringify(letter)}\n`);
    console.error(`[bus] dead letter: ${subscription.consumer} could not handle ${event['detail-type']} ${event.id}: ${letter.error}`);
  }

  private persistDeadLetters(): void {
    if (!this.options.deadLetterFile) return;
    writeFileSync(this.options.deadLetterFile, this.deadLetters.map((letter) => `${JSON.stringify(letter)}\n`).join(''));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'GET' && request.url === '/dead-letters') {
      return json(response, 200, this.deadLetters);
    }
    if (request.method === 'POST' && request.url === '/dead-letters/redrive') {
      return json(response, 200, { redriven: this.redrive() });
    }
    const target = request.headers['x-amz-target'];
    const body = await readBody(request);
    if (target !== 'AWSEvents.PutEvents') {
      return json(response, 400, { __type: 'UnknownOperationException', message: `${String(target)} is not supported locally` });
    }
    if (this.outage) {
      return json(response, 503, { __type: 'ServiceUnavailableException', message: 'injected outage' });
    }
    const { Entries = [] } = JSON.parse(body) as {
      Entries?: { Source?: string; DetailType?: string; Detail?: string; EventBusName?: string; Resources?: string[] }[];
    };
    const results = Entries.map((entry) => {
      if (!entry.Source || !entry.DetailType || !entry.Detail) {
        return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required' };
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
        detail: JSON.parse(entry.Detail),
      };
      this.published.push(event);
      for (const subscription of subscriptions) {
        if (subscription.events.some((e) => e.source === event.source && e.detailType === event['detail-type'])) {
          this.deliver(subscription, event);
        }
      }
      return { EventId: event.id };
    });
    return json(response, 200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
