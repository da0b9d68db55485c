/**
 * The process the bus-crash test kills: a durable LocalBus on DATA_DIR whose consumer (see
 * bus-crash.ts) handles `fast-…` events, hangs on `slow-…` ones and fails `failing-…` ones. It prints
 * JSON lines: `{"url"}` once listening, then `{"ready", "deliveries"}` once every expected event is
 * where the test wants it at the kill — fast ones handled, slow ones inside the consumer, failing
 * ones failed at least once and waiting for their retry.
 */
import { join } from 'node:path';
import { LocalBus } from '../../infra/local/bus';
import { type Mode, crashLambdas, modeOf } from './bus-crash';

const dataDir = process.env.DATA_DIR!;
const expected = Number(process.env.EXPECTED_EVENTS);
const slowStarted = new Set<string>();

const lambdas = crashLambdas(Number(process.env.CONSUMER_TIMEOUT_MS), async (mode: Mode, eventId: string) => {
  if (mode === 'slow') {
    slowStarted.add(eventId);
    await new Promise(() => undefined);
  }
  if (mode === 'failing') throw new Error('the consumer is down');
});

const bus = new LocalBus({
  lambdas,
  busName: 'bus-crash',
  journalFile: join(dataDir, 'bus-journal.jsonl'),
  deadLetterFile: join(dataDir, 'dead-letters.jsonl'),
  // Long enough that no retry runs between the report and the kill.
  retryDelayMs: () => 1000,
});
bus.resume();
console.log(JSON.stringify({ url: await bus.listen() }));

const poll = setInterval(() => {
  if (bus.published.length < expected) return;
  const pending = bus.deliveries();
  const modeOfDelivery = (eventId: string) => modeOf(bus.published.find((event) => event.id === eventId)!);
  const at = (mode: Mode) => pending.filter((delivery) => modeOfDelivery(delivery.eventId) === mode);
  const count = (mode: Mode) => bus.published.filter((event) => modeOf(event) === mode).length;
  const ready =
    at('fast').length === 0 &&
    slowStarted.size === count('slow') &&
    at('failing').length === count('failing') &&
    at('failing').every((delivery) => delivery.attempts >= 1 && !delivery.running);
  if (ready) {
    clearInterval(poll);
    console.log(JSON.stringify({ ready: true, deliveries: pending.map((delivery) => ({ ...delivery, mode: modeOfDelivery(delivery.eventId) })) }));
  }
}, 20);
