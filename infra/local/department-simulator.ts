import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestText } from '../../shared/http/outbound';
import { DELIVERY_ID_HEADER, callbackUrlOf } from '../../shared/departments/outgoing';
import { SIGNATURE_HEADER, checkSignature, signatureOf } from '../../shared/departments/signing';

/**
 * A department's own system as `npm start` stands it in on 127.0.0.1 (linked handling, 联动处置),
 * so a newcomer who escalates a demo request to urban management sees the case go out and come back:
 *
 * - `POST /cases` takes a delivery (shared/departments/delivery-dispatch.ts): it checks the signature
 *   with the department's secret (401 otherwise), dedupes on `X-Grid-Delivery-Id` as a real
 *   department would, answers 200, and for an `escalated` case, after `delayMs`, calls back
 *   `POST <gateway>/departments/<id>/callbacks`, signed with the same secret: `accept`, then `resolve`.
 * - `GET /simulator` shows what it received and how it is set; `POST /simulator` sets it
 *   (`{ "failNext": 3 }`: the next 3 deliveries get 503; `{ "answerTwice": true }`: each callback is
 *   sent twice, with the same message id; `{ "down": true }`: deliveries find the connection cut).
 */

/** How the simulator behaves; each can be changed while it runs. */
export interface SimulatorBehaviour {
  /** The next this many deliveries are answered 503 (then it is fine again). */
  failNext: number;
  /** Every callback is sent twice, with the same message id (the service must apply it once). */
  answerTwice: boolean;
  /** Deliveries find the connection cut, as if the department's system were down. */
  down: boolean;
}

/** A delivery as the simulator took it. */
export interface ReceivedCase {
  deliveryId: string;
  event: string;
  caseId: string;
  /** What the signature check said (only `valid` ones are answered 200). */
  signature: string;
  receivedAt: string;
}

/** A callback the simulator sent, and the service's answer. */
export interface SentCallback {
  caseId: string;
  messageId: string;
  action: string;
  status: number;
  answer: string;
}

export interface DepartmentSimulator {
  url: string;
  /** Where the service should POST cases: the endpoint URL to configure. */
  casesUrl: string;
  departmentId: string;
  behaviour: SimulatorBehaviour;
  received: ReceivedCase[];
  callbacks: SentCallback[];
  /** Resolves when every callback started so far has been answered (tests wait on it instead of sleeping). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  departmentId: string;
  /** The department's signing secret (read when needed: the seed makes it after the simulator starts). */
  secret: () => Promise<string | undefined>;
  /** The service's base URL, for callbacks (known once the gateway listens). */
  gatewayUrl: () => string;
  port?: number;
  /** How long the department "works" before answering. */
  delayMs?: number;
  /** What it answers to an escalated case, in order. */
  answers?: readonly ('accept' | 'resolve')[];
}

const NOTES: Record<string, string> = { accept: '已受理，安排执法队员前往。', resolve: '已到场处置完毕，占道摊点已清理。' };

/** Starts the simulator on 127.0.0.1, on `port` (0: a free one). */
export async function startDepartmentSimulator(options: SimulatorOptions): Promise<DepartmentSimulator> {
  const behaviour: SimulatorBehaviour = { failNext: 0, answerTwice: false, down: false };
  const received: ReceivedCase[] = [];
  const callbacks: SentCallback[] = [];
  const seenDeliveries = new Set<string>();
  const pending = new Set<Promise<void>>();
  /** Waits under way, each with what ends it early (on close). */
  const timers = new Map<NodeJS.Timeout, () => void>();
  let closed = false;
  const delayMs = options.delayMs ?? 2_000;
  const answers = options.answers ?? ['accept', 'resolve'];

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch(() => send(response, 400, { error: 'unreadable request' }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const body = await readBody(request);
    if (path === '/simulator') {
      if (request.method === 'POST') Object.assign(behaviour, settingsFrom(body));
      return send(response, 200, { departmentId: options.departmentId, behaviour, received, callbacks });
    }
    if (path !== '/cases' || request.method !== 'POST') return send(response, 404, { error: 'not found' });
    if (behaviour.down) {
      // As a system that is down: the connection is cut, no answer.
      request.socket.destroy();
      return;
    }
    if (behaviour.failNext > 0) {
      behaviour.failNext -= 1;
      return send(response, 503, { error: 'simulated outage' });
    }
    const secret = await options.secret();
    const signature = secret ? checkSignature(secret, headerOf(request, SIGNATURE_HEADER), body, Math.floor(Date.now() / 1000)) : 'missing';
    let message: { deliveryId?: string; event?: string; case?: { id?: string } } = {};
    try {
      message = JSON.parse(body);
    } catch {
      // Recorded below with what little there is; the signature check already answers for it.
    }
    const deliveryId = headerOf(request, DELIVERY_ID_HEADER) ?? message.deliveryId ?? '';
    const caseId = message.case?.id ?? '';
    received.push({ deliveryId, event: message.event ?? '', caseId, signature, receivedAt: new Date().toISOString() });
    if (signature !== 'valid') return send(response, 401, { error: `signature ${signature}` });
    // A delivery seen before (a retry whose answer was lost) is taken again but not acted on twice.
    const first = !seenDeliveries.has(deliveryId);
    seenDeliveries.add(deliveryId);
    send(response, 200, { received: deliveryId });
    if (first && message.event === 'escalated' && caseId) scheduleAnswers(caseId, deliveryId);
  }

  /** The case's answers one after another, each after `delayMs` (and each copy of one before the next answer). */
  function scheduleAnswers(caseId: string, deliveryId: string): void {
    const answering = (async () => {
      for (const action of answers) {
        await wait(delayMs);
        if (closed) return;
        await callBack(caseId, deliveryId, action);
      }
    })().finally(() => pending.delete(answering));
    pending.add(answering);
  }

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  }

  async function callBack(caseId: string, deliveryId: string, action: string): Promise<void> {
    const secret = await options.secret();
    if (!secret) return;
    const messageId = `sim-${randomUUID()}`;
    const body = JSON.stringify({ schemaVersion: 1, messageId, caseId, deliveryId, action, note: NOTES[action] });
    const url = callbackUrlOf(options.gatewayUrl(), options.departmentId);
    for (let copy = 0; copy < (behaviour.answerTwice ? 2 : 1); copy += 1) {
      const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signatureOf(secret, Math.floor(Date.now() / 1000), body) };
      try {
        const answer = await requestText(url, { method: 'POST', headers, body }, 10_000);
        callbacks.push({ caseId, messageId, action, status: answer.status, answer: answer.text.slice(0, 300) });
      } catch (error) {
        callbacks.push({ caseId, messageId, action, status: 0, answer: (error as Error).name });
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    casesUrl: `${url}/cases`,
    departmentId: options.departmentId,
    behaviour,
    received,
    callbacks,
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        // A wait under way ends now, and its case's answers are not sent.
        for (const [timer, end] of timers) {
          clearTimeout(timer);
          end();
        }
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function settingsFrom(body: string): Partial<SimulatorBehaviour> {
  try {
    const asked = JSON.parse(body) as Record<string, unknown>;
    return {
      ...(typeof asked.failNext === 'number' && asked.failNext >= 0 ? { failNext: Math.floor(asked.failNext) } : {}),
      ...(typeof asked.answerTwice === 'boolean' ? { answerTwice: asked.answerTwice } : {}),
      ...(typeof asked.down === 'boolean' ? { down: asked.down } : {}),
    };
  } catch {
    return {};
  }
}

const headerOf = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) request.destroy(new Error('too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
