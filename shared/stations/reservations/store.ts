import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { indexAttributes } from '../../table/design';
import { type UpdateSpec, buildUpdate } from '../../table/update';
import type { SeatClaim } from './codec';

/**
 * Seat reservations that never overbook and never double book, without transactions.
 *
 * Three items, written in this order, each a conditional write:
 * 1. the person's **ledger** (`USER#<id>`/`RESERVATIONS`): a counter of active reservations bounded
 *    by the cap, and one `c_<reservationId>` claim each — the per-person invariant (ledger-store.ts);
 * 2. the **slot** (`STATION#<id>`/`SLOT#<start>`): `booked` bounded by the reservable seats, one
 *    `h_<userId>` holder or `w_<userId>` waiter per person — the capacity and "one per person"
 *    invariant, in one item, with the event in its outbox (slot-store.ts);
 * 3. the **record** (`USER#<id>`/`RESERVATION#<id>`), listed in byUser: what "my reservations" shows
 *    (record-store.ts).
 *
 * A crash between 1 and 2 leaves a claim the slot does not know: released on the next read once it
 * is older than a write could take. A crash between 2 and 3 leaves a seat without its record: the
 * next read of the ledger writes it. Every later change goes slot first, record second, claim last,
 * and the reads repair the same way (reads.ts). The slot is the truth.
 *
 * Nothing on the slot grows with what one person does. A reservation that leaves the slot (cancelled,
 * moved, or released as a no-show) leaves one `l_<userId>` mark, `{ reservationId, status }`, which is what
 * lets the reads repair a record a crash left behind; the person's next departure from the slot
 * replaces it, after settling the one it replaces on the person's own items (its record's status, its
 * claim given back). So the slot holds at most one mark per person who ever left it, and a
 * reservation's history lives on its own record.
 *
 * Every write of those items is one function on the store of its item (`ledgerStore`, `slotStore`,
 * `recordStore`), so tests can put a fault between any two; items.ts reads them. The use cases
 * (reserve.ts, cancel.ts, move.ts, departures.ts, no-shows.ts, waitlist.ts, reminders.ts, reads.ts)
 * only decide which to call. This module holds what the three stores share.
 */

export const table = () => config().tableName;
/** One conditional update of a reservation item. */
export const update = (spec: UpdateSpec) => documents().send(new UpdateCommand(buildUpdate(table(), spec)));
/** The byDue index's attributes: a slot's place in the no-show worklist, a record's in the reminders'. */
export const [DUE_KEY, DUE_SORT] = indexAttributes('byDue');

/** What a reservation's events say about it. */
export const eventData = (reservation: Pick<SeatClaim, 'reservationId' | 'stationId' | 'start' | 'end' | 'seats'>, userId: string) => ({
  reservationId: reservation.reservationId,
  userId,
  stationId: reservation.stationId,
  start: reservation.start,
  end: reservation.end,
  seats: reservation.seats,
});
