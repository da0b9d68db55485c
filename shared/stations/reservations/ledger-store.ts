import { ProblemError } from '../../http/errors';
import { writeIf } from '../../table/conditions';
import { stationKeys as keys } from '../../table/design';
import { CLAIM, type MovedFrom, type SeatClaim } from './codec';
import { CLAIM_GRACE_MS, MAX_ACTIVE_RESERVATIONS } from './rules';
import { update } from './store';

/**
 * The writes of a person's reservation **ledger** (`USER#<id>`/`RESERVATIONS`), the first of the three
 * items (store.ts): the count of active reservations against the cap, one claim per reservation.
 */
export const ledgerStore = {
  /** 1. Counts a reservation against the person's cap; 409 when the cap is reached (a move: {@link claimMove}). */
  async claim(userId: string, claim: SeatClaim): Promise<void> {
    if (claim.movedFrom) return claimMove(userId, claim, claim.movedFrom);
    const { reservationId, ...value } = claim;
    const claimed = await writeIf(
      update({
        key: keys.reservationLedger(userId),
        add: { active: 1 },
        set: { entity: 'reservation-ledger', [CLAIM + reservationId]: value },
        condition: '(attribute_not_exists(active) OR active < :cap) AND attribute_not_exists(#claim)',
        names: { '#claim': CLAIM + reservationId },
        values: { ':cap': MAX_ACTIVE_RESERVATIONS },
      }),
    );
    if (!claimed) throw new ProblemError('reservation_limit_reached', `at most ${MAX_ACTIVE_RESERVATIONS} active reservations`);
  },

  /** Gives a claim back (the reservation ended, was refused, cancelled or released); once only. */
  async releaseClaim(userId: string, reservationId: string): Promise<void> {
    await writeIf(
      update({
        key: keys.reservationLedger(userId),
        add: { active: -1 },
        remove: [CLAIM + reservationId],
        condition: 'attribute_exists(#claim)',
        names: { '#claim': CLAIM + reservationId },
      }),
    );
  },

  /**
   * Takes a refused move's mark off the claim it meant to replace (see {@link claimMove}), so the
   * holder may try another slot at once; nothing when the mark is another move's, or the claim is gone.
   */
  async clearMoving(userId: string, from: string, movedTo: string): Promise<void> {
    await writeIf(
      update({
        key: keys.reservationLedger(userId),
        removePaths: [[CLAIM + from, MOVING]],
        condition: '#from.#moving.#to = :to',
        names: { '#from': CLAIM + from, '#moving': MOVING, '#to': 'to' },
        values: { ':to': movedTo },
      }),
    );
  },
};

/** On a claim a move is replacing: `{ to, at }`, the new reservation and when the move began. */
const MOVING = 'moving';

/**
 * 1, for a move: the new reservation's claim, counted like any other, beside the one it replaces,
 * which it marks as being moved. The person may go one over the cap while the two claims overlap
 * (the old one is given back as soon as the new seat is held), so a person at the cap can still
 * move. The mark makes moves of one reservation one at a time, however many are sent at once: two
 * moves of it could otherwise both hold a seat and leave the person two for one. A mark older than
 * a move could take ({@link CLAIM_GRACE_MS}: the move died before its seat), or this very move's (a
 * retry of its request), does not stand in the way.
 * 409 `conflict` when another move of the reservation is under way, or it has no claim any more.
 */
async function claimMove(userId: string, claim: SeatClaim, from: MovedFrom): Promise<void> {
  const { reservationId, ...value } = claim;
  const at = Date.parse(claim.at);
  const claimed = await writeIf(
    update({
      key: keys.reservationLedger(userId),
      add: { active: 1 },
      set: { [CLAIM + reservationId]: value },
      setPaths: [[[CLAIM + from.reservationId, MOVING], { to: reservationId, at: claim.at }]],
      condition:
        'active <= :cap AND attribute_not_exists(#claim) AND attribute_exists(#from) AND ' +
        '(attribute_not_exists(#from.#moving) OR #from.#moving.#to = :self OR #from.#moving.#at < :stale)',
      names: { '#claim': CLAIM + reservationId, '#from': CLAIM + from.reservationId, '#moving': MOVING, '#to': 'to', '#at': 'at' },
      values: { ':cap': MAX_ACTIVE_RESERVATIONS, ':self': reservationId, ':stale': new Date(at - CLAIM_GRACE_MS).toISOString() },
    }),
  );
  if (!claimed) throw new ProblemError('conflict', 'this reservation is being moved already, or no longer holds a place');
}
