import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';
import { cancelReasons } from '../shared/stations/terms';

const source = 'grid.stations';

export const stationCreated = defineEvent({
  source,
  detailType: 'station.created',
  version: 1,
  description: 'A 宁小蜂 rest station was opened in a grid.',
  data: z.object({
    stationId: z.string(),
    name: z.string(),
    communityId: z.string(),
    gridId: z.string(),
    managers: z.array(z.string()),
    createdBy: z.string(),
  }),
});

export const stationUpdated = defineEvent({
  source,
  detailType: 'station.updated',
  version: 1,
  description: "A station's details, hours, seats, managers or status changed.",
  data: z.object({
    stationId: z.string(),
    version: z.number(),
    fields: z.array(z.string()),
    updatedBy: z.string(),
    /** When the managers changed: who they are now, and who they were. */
    managers: z.optional(z.array(z.string())),
    previousManagers: z.optional(z.array(z.string())),
  }),
});

export const stationFull = defineEvent({
  source,
  detailType: 'station.full',
  version: 1,
  description: 'The last walk-in seat of a station was taken.',
  data: z.object({ stationId: z.string(), walkInSeats: z.number(), occupied: z.number() }),
});

export const stationAvailable = defineEvent({
  source,
  detailType: 'station.available',
  version: 1,
  description: 'A full station has a walk-in seat free again.',
  data: z.object({ stationId: z.string(), walkInSeats: z.number(), occupied: z.number() }),
});

export const visitStarted = defineEvent({
  source,
  detailType: 'station.checked-in',
  version: 1,
  description: 'Someone checked in at a station (walk-in, or with their reservation).',
  data: z.object({
    stationId: z.string(),
    userId: z.string(),
    visitId: z.string(),
    kind: z.enum(['walk_in', 'reserved']),
    seats: z.number(),
    reservationId: z.optional(z.string()),
    endsAt: z.string(),
  }),
});

export const visitEnded = defineEvent({
  source,
  detailType: 'station.checked-out',
  version: 1,
  description: 'A visit ended: the person checked out, or the maximum stay passed.',
  data: z.object({
    stationId: z.string(),
    userId: z.string(),
    visitId: z.string(),
    reason: z.enum(['checked_out', 'expired']),
  }),
});

const reservationData = {
  reservationId: z.string(),
  userId: z.string(),
  stationId: z.string(),
  start: z.string(),
  end: z.string(),
  seats: z.number(),
};

export const reservationConfirmed = defineEvent({
  source,
  detailType: 'reservation.confirmed',
  version: 1,
  description: 'Seats in a station slot were reserved.',
  data: z.object(reservationData),
});

export const reservationWaitlisted = defineEvent({
  source,
  detailType: 'reservation.waitlisted',
  version: 1,
  description: 'A slot was full; the person joined its waitlist.',
  data: z.object(reservationData),
});

export const reservationCancelled = defineEvent({
  source,
  detailType: 'reservation.cancelled',
  version: 1,
  description: 'A holder cancelled a reservation (or left the waitlist) before the slot started.',
  // `reason` is optional, so events written before it existed, and cancellations without one, still parse.
  // `movedTo`: the place was given up by a move, for that reservation (reservation.moved), not by a cancellation.
  data: z.object({ ...reservationData, wasWaitlisted: z.boolean(), reason: z.optional(z.enum(cancelReasons)), movedTo: z.optional(z.string()) }),
});

export const reservationMoved = defineEvent({
  source,
  detailType: 'reservation.moved',
  version: 1,
  description:
    'A holder moved a reservation to another slot: this new reservation holds its seat, and the one it replaces (`from`) is to give its place up. Written with the new seat, so the old one is released even if the move died between the two.',
  data: z.object({
    ...reservationData,
    from: z.object({ reservationId: z.string(), stationId: z.string(), start: z.string() }),
  }),
});

export const reservationReleased = defineEvent({
  source,
  detailType: 'reservation.released',
  version: 1,
  description: 'Nobody checked in 15 minutes after the start: the seats were released.',
  data: z.object({ ...reservationData, reason: z.literal('no_show') }),
});

export const reservationPromoted = defineEvent({
  source,
  detailType: 'reservation.promoted',
  version: 1,
  description: 'A seat freed up and the next person on the waitlist got it.',
  data: z.object({ ...reservationData, stationName: z.string() }),
});

export const reservationReminderDue = defineEvent({
  source,
  detailType: 'reservation.reminder-due',
  version: 1,
  description: 'A confirmed reservation starts in 30 minutes: remind its holder. Sent once per reservation.',
  data: z.object({ ...reservationData, stationName: z.string() }),
});

export const stationEvents = [
  stationCreated,
  stationUpdated,
  stationFull,
  stationAvailable,
  visitStarted,
  visitEnded,
  reservationConfirmed,
  reservationWaitlisted,
  reservationCancelled,
  reservationMoved,
  reservationReleased,
  reservationPromoted,
  reservationReminderDue,
] as const;
