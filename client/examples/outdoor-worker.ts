/**
 * An outdoor worker's journey with the typed client, against `npm start` (demo data):
 *
 *   npx tsx client/examples/outdoor-worker.ts [baseUrl]     # or API_URL=…; default http://127.0.0.1:3000
 *
 * The worker signs in, searches for rest stations near where their phone says they are (GCJ-02, as
 * `wx.getLocation({ type: 'gcj02' })` gives it), books a seat in a slot of the nearest one tomorrow, and
 * sees the typed error a full slot gives: the demo grid worker books the slot's other seats for a team,
 * the demo resident then asks for one and gets `ApiProblem` `slot_full`, and joins the waitlist instead.
 * Everything booked is cancelled at the end, so the example can run again on the same data.
 * test/e2e/client-example.test.ts runs it in CI.
 */
import { resolve } from 'node:path';
import { ApiProblem, type GridClient, type ResponseData, type Transport, createClient, fetchTransport } from '../index';

type Station = ResponseData<'/stations', 'get'>['items'][number];
type Slot = ResponseData<'/stations/{stationId}/slots', 'get'>['items'][number];
type Reservation = ResponseData<'/stations/{stationId}/reservations', 'post'>;

/**
 * Where the worker stands, in GCJ-02 (what a mini-program's map and `wx.getLocation` use): on 庐山路,
 * 150 m north of the demo station. Read as WGS-84 it would be some 500 m off.
 */
export const WORKER_LOCATION_GCJ02 = { lat: 32.00232, lng: 118.74722 } as const;

/** What the journey did, for a caller (the e2e test) to check. */
export interface JourneyResult {
  /** The station found nearest the worker, located in GCJ-02. */
  station: Station;
  slot: Slot;
  /** The worker's seat. */
  reservation: Reservation;
  /** What the resident got asking for a seat in the full slot. */
  fullSlotProblem: ApiProblem;
  /** The resident's place on the waitlist afterwards. */
  waitlisted: Reservation;
}

/** Where the journey runs. */
export interface JourneyOptions {
  /** The service's base URL: `http://127.0.0.1:3000` for `npm start`. */
  baseUrl: string;
  /** How to reach the service; `fetch` by default. */
  transport?: Transport;
  /** Where each step is told; `console.log` by default. */
  log?: (line: string) => void;
}

/** The local date `days` from now in Asia/Shanghai, the service's zone: `YYYY-MM-DD`. */
function shanghaiDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));
}

/** A slot nobody has touched yet, tomorrow or the day after: so this run's bookings are the only ones in it. */
async function emptySlot(client: GridClient, stationId: string): Promise<Slot> {
  for (const days of [1, 2]) {
    const { data } = await client.get('/stations/{stationId}/slots', { path: { stationId }, query: { date: shanghaiDate(days) } });
    const slot = data.items.find((candidate) => candidate.bookable && candidate.booked === 0 && candidate.waitlisted === 0 && candidate.reservable > 1);
    if (slot) return slot;
  }
  throw new Error(`no empty slot at ${stationId} tomorrow or the day after`);
}

/** Runs the journey; see the file's comment. */
export async function outdoorWorkerJourney({ baseUrl, transport = fetchTransport(), log = console.log }: JourneyOptions): Promise<JourneyResult> {
  const worker = createClient({ baseUrl, transport });
  const gridWorker = createClient({ baseUrl, transport });
  const resident = createClient({ baseUrl, transport });
  // Cancelled at the end whatever happens, so a second run finds the same data.
  const made: { client: GridClient; id: string }[] = [];
  try {
    const signedIn = await worker.signIn('dev:demo-outdoor-worker');
    log(`signed in as ${signedIn.user.displayName} (${signedIn.user.role})`);

    const { data: found } = await worker.get('/stations', {
      query: { ...WORKER_LOCATION_GCJ02, coordSystem: 'gcj02', radius: 2000 },
    });
    const station = found.items[0];
    if (!station) throw new Error('no station within 2 km');
    log(`nearest station: ${station.name}, ${Math.round(station.distanceMetres ?? 0)} m away, at ${station.location.lat},${station.location.lng} (${station.location.coordSystem})`);

    const slot = await emptySlot(worker, station.id);
    const { data: reservation, idempotencyKey } = await worker.post('/stations/{stationId}/reservations', {
      path: { stationId: station.id },
      body: { start: slot.start, seats: 1, waitlist: false },
    });
    made.push({ client: worker, id: reservation.id });
    log(`booked a seat ${slot.start}–${slot.end}: ${reservation.status} (Idempotency-Key ${idempotencyKey})`);

    const team = slot.reservable - 1;
    await gridWorker.signIn('dev:demo-grid-worker');
    const { data: teamBooking } = await gridWorker.post('/stations/{stationId}/reservations', {
      path: { stationId: station.id },
      body: { start: slot.start, seats: team, waitlist: false },
    });
    made.push({ client: gridWorker, id: teamBooking.id });
    log(`the grid worker booked the other ${team} seats for a team: the slot is full`);

    await resident.signIn('dev:demo-resident');
    let fullSlotProblem: ApiProblem | undefined;
    try {
      const { data: unexpected } = await resident.post('/stations/{stationId}/reservations', {
        path: { stationId: station.id },
        body: { start: slot.start, seats: 1, waitlist: false },
      });
      made.push({ client: resident, id: unexpected.id });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      fullSlotProblem = error;
      log(`the resident asked for a seat too: ${error.status} ${error.code} (${error.title})`);
    }
    if (!fullSlotProblem?.is('slot_full')) throw new Error(`expected slot_full, got ${fullSlotProblem?.code ?? 'a seat'}`);

    const { data: waitlisted } = await resident.post('/stations/{stationId}/reservations', {
      path: { stationId: station.id },
      body: { start: slot.start, seats: 1, waitlist: true },
    });
    made.push({ client: resident, id: waitlisted.id });
    log(`so the resident joined the waitlist: ${waitlisted.status}, position ${waitlisted.waitlistPosition}`);

    return { station, slot, reservation, fullSlotProblem, waitlisted };
  } finally {
    for (const { client, id } of made.reverse()) {
      await client.delete('/reservations/{reservationId}', { path: { reservationId: id }, query: { reason: 'other', note: 'client example' } }).then(
        () => log(`cancelled ${id}`),
        (error: unknown) => log(`could not cancel ${id}: ${String(error)}`),
      );
    }
  }
}

// Run from the command line (not when a test imports it).
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const baseUrl = process.argv[2] ?? process.env.API_URL ?? 'http://127.0.0.1:3000';
  outdoorWorkerJourney({ baseUrl }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof ApiProblem ? `${error.status} ${error.code}: ${error.title} ${error.detail ?? ''}` : error);
      process.exit(1);
    },
  );
}
