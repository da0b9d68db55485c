import type { ApiDocs } from '../../http/api-docs';
import {
  chen,
  eligibilityExample,
  gridWorker,
  microGridId,
  patrolDuty,
  patrolShift,
  shiftExample,
  stationId,
  stationShift,
  stationShiftExample,
  swapExample,
  swapId,
  wang,
  zhang,
} from '../api-examples';
import {
  eligibilitySchema,
  shiftOptionSchema,
  shiftSchema,
  shiftSlotSchema,
  signUpResultSchema,
  suggestionSchema,
  swapSchema,
} from '../model';
import { myShiftSchema } from '../routes/seats';
import { microGrid, overlapsShiftId } from './common';

/** What `warnings` on a sign-up may hold. */
const warnings = '`outside_availability`: the shift lies wholly or partly outside your availability; signing up is allowed all the same. Empty when there is nothing to warn of.';
/** How the shift fits a member's availability. */
const availabilityFit =
  'How the shift fits the member’s availability (weekly windows and exceptions): `fits` wholly inside, `partly`, `outside`, or `unknown` when they have set none.';

/** The named schemas of shifts and their seats: a shift, whether one may sign up and what came of it, members to suggest, swaps. */
export const seatSchemaDocs: NonNullable<ApiDocs['schemas']> = [
  [
    shiftSlotSchema,
    {
      name: 'ShiftSeat',
      description: 'A seat taken on a shift: who holds it, how they got it, and their attendance.',
      fields: {
        userId: { description: 'The member holding the seat: a user id.', example: zhang },
        displayName: { description: 'Their display name, where names help (the week’s roster, a station’s duty); absent elsewhere.', example: '张阿姨' },
        via: 'How they got it: `sign_up` themselves, `assigned` by the grid worker (or by generation, as the duty’s assignee), `promoted` off the waitlist when a seat came free, `swap` handed over by another member.',
        at: { description: 'When they got it (ISO 8601, UTC).', example: '2026-07-06T02:00:00.000Z' },
        checkedInAt: { description: 'When they checked in (ISO 8601, UTC); absent until they do.', example: '2026-07-15T00:52:00.000Z' },
        checkedOutAt: { description: 'When they checked out (ISO 8601, UTC); absent until they do. The time between goes into the hours log.', example: '2026-07-15T02:57:00.000Z' },
        noShow: 'Present when the grid worker marked them a no-show (they never checked in).',
        'noShow.at': { description: 'When they were marked (ISO 8601, UTC).', example: '2026-07-15T01:40:00.000Z' },
        'noShow.by': { description: 'The grid worker who marked them: a user id.', example: gridWorker },
        'noShow.comment': { description: 'The grid worker’s comment; absent when none.', example: '电话未接通' },
      },
      example: shiftExample.signedUp[0],
    },
  ],
  [
    shiftSchema,
    {
      name: 'Shift',
      description:
        'A stretch of work in a micro-grid within one local day, at most 12 hours, with `headcount` seats that members take by signing up (or the grid worker assigns), and a first-come-first-served waitlist once they are taken. Made by hand (`createShift`) or generated from a duty; seen by the micro-grid’s members and staff.',
      fields: {
        id: {
          description: 'The shift’s id: `shiftId` in paths. A generated shift’s is its duty’s id and the date (`<dutyId>-YYYYMMDD`), so generating twice makes no duplicates.',
          example: patrolShift,
        },
        microGridId: { ...microGrid, description: 'The micro-grid (微网格) it belongs to: an org unit id.' },
        dutyId: { description: 'The duty of the responsibility list it was generated from; absent for a shift made by hand.', example: patrolDuty },
        kind: 'The kind of work; `station_duty` names its station in `stationId`.',
        title: { description: 'What is to be done, in a few words.', example: '楼栋安全巡查' },
        notes: { description: 'The grid worker’s notes for the people on it; absent when none.', example: '请佩戴红袖章，带好手电筒。' },
        location: { description: 'Where, in free text; absent when not given.', example: shiftExample.location },
        stationId: { description: 'The 宁小蜂驿站 (rest station) staffed: present for `station_duty` only.', example: stationId },
        start: { description: 'When it starts (ISO 8601, UTC).', example: shiftExample.start },
        end: { description: 'When it ends (ISO 8601, UTC): after `start`, at most 12 hours later, on the same local day (or at its midnight).', example: shiftExample.end },
        date: { description: 'The local date (Asia/Shanghai) it lies on, `YYYY-MM-DD`: the day to show it under.', example: '2026-07-15' },
        headcount: { description: 'How many seats it has.', example: 2 },
        status: '`open`, or `cancelled` by the grid worker: everyone on it or waiting was told, and nobody can sign up.',
        signedUp: 'Who holds its seats, in the order they took them.',
        waitlist: {
          description: 'The members waiting for a seat (user ids), first come first served: the first is seated automatically, and told, when a seat comes free.',
          example: [chen],
        },
        openSeats: {
          description: 'Seats nobody holds: `headcount` minus the seats held. While someone waits, a free seat is theirs, not open to sign-up (`Eligibility` says `full`).',
          example: 0,
        },
        createdBy: { description: 'The grid worker who made it, or who ran the generation that did: a user id.', example: gridWorker },
      },
      example: shiftExample,
    },
  ],
  [
    eligibilitySchema,
    {
      name: 'Eligibility',
      description:
        'What signing up for a shift would do for the caller now, and why: one reason, checked in this order: cancelled, ended, not a member, already on it, overlapping another shift of theirs, then free or full. Outside their availability is allowed, with a warning.',
      fields: {
        shiftId: { description: 'The shift it is about.', example: stationShift },
        outcome: 'What signing up now would do: `sign_up` take a seat, `waitlist` join the waitlist, `none` nothing (it answers 409 `shift_not_eligible` with this `reason`).',
        reason:
          'Why: `free` a seat is free; `full` no seat is free, or people already wait for one (the waitlist); `signed_up` you hold a seat already; `waitlisted` you wait already; `overlaps` another shift of yours is at the same time (`overlapsShiftId`); `ended` it is over; `cancelled` it was cancelled; `not_member` you are not a member of its micro-grid.',
        warnings,
        overlapsShiftId: { description: overlapsShiftId, example: patrolShift },
        availability: availabilityFit,
      },
      example: eligibilityExample,
    },
  ],
  [
    signUpResultSchema,
    {
      name: 'SignUpResult',
      description:
        'Where a sign-up left the caller: on a seat, or on the waitlist at a position. Signing up again changes nothing: it answers 409 `shift_not_eligible` (`signed_up` or `waitlisted`).',
      fields: {
        status: '`signed_up`: you hold a seat; `waitlisted`: you wait, and are seated automatically (and told) when a seat comes free.',
        position: { description: 'Your place on the waitlist, 1 being next; only when `waitlisted`.', example: 1 },
        warnings,
        shift: 'The shift as it is after the sign-up.',
      },
      example: { status: 'waitlisted', position: 1, warnings: [], shift: shiftExample },
    },
  ],
  [
    shiftOptionSchema,
    {
      name: 'ShiftOption',
      description: 'A shift the caller can take, with what signing up would do.',
      fields: {
        shift: 'The shift, with its seats and waitlist as they are now.',
        eligibility: 'What signing up now would do (`sign_up` or `waitlist`), and how the shift fits your availability.',
      },
      example: { shift: stationShiftExample, eligibility: eligibilityExample },
    },
  ],
  [
    myShiftSchema,
    {
      name: 'MyShift',
      description: 'One of the caller’s shifts: a seat they hold, or one they wait for.',
      fields: {
        shift: 'The shift, with its seats and waitlist as they are now.',
        status: '`signed_up`: you hold a seat; `waitlisted`: you wait for one.',
        position: { description: 'Your place on the waitlist, 1 being next; only when `waitlisted`.', example: 1 },
      },
      example: { shift: shiftExample, status: 'signed_up' },
    },
  ],
  [
    suggestionSchema,
    {
      name: 'VolunteerSuggestion',
      description:
        'A member to ask to cover a shift short of people: not on it, and without another shift at that time. Ranked by how the shift fits their availability (`fits`, `partly`, `unknown`, `outside`), then by fewest recent minutes.',
      fields: {
        userId: { description: 'The member: a user id.', example: chen },
        displayName: { description: 'Their display name; absent when they have none.', example: '陈先生' },
        availability: availabilityFit,
        fitRatio: { description: 'The share of the shift inside their availability, 0 to 1; null when they have set none.', example: 1 },
        recentMinutes: { description: 'Minutes credited in this micro-grid over the last 30 days: fewer rank first, so the same people are not always asked.', example: 180 },
        waitlisted: 'Whether they already wait for a seat on it (assigning them takes them off the waitlist).',
      },
      example: { userId: chen, displayName: '陈先生', availability: 'fits', fitRatio: 1, recentMinutes: 180, waitlisted: true },
    },
  ],
  [
    swapSchema,
    {
      name: 'ShiftSwap',
      description:
        'A request to hand one’s seat on a shift to another member of its micro-grid: the other member accepts (or declines), the proposer may cancel, and the grid worker approves (or rejects); approval hands the seat over. Seen by its two members and the micro-grid’s staff.',
      fields: {
        id: { description: 'The swap’s id: `swapId` in paths.', example: swapId },
        microGridId: { ...microGrid, description: 'The micro-grid (微网格) of the shift: an org unit id.' },
        shiftId: { description: 'The shift whose seat is handed over.', example: patrolShift },
        fromUserId: { description: 'The member giving up their seat, who proposed the swap: a user id.', example: wang },
        toUserId: { description: 'The member asked to take the seat: a user id.', example: chen },
        note: { description: 'The proposer’s message to the other member; absent when none.', example: swapExample.note },
        status:
          '`proposed`: waiting for the other member; `accepted` by them, waiting for the grid worker; `approved`: being carried out; `done`: the seat was handed over; `declined` by the other member; `rejected` by the grid worker; `cancelled` by the proposer; `failed`: approved, but the hand-over was impossible (`failure` says why).',
        createdAt: { description: 'When it was proposed (ISO 8601, UTC).', example: swapExample.createdAt },
        acceptedAt: { description: 'When the other member accepted (ISO 8601, UTC); absent before.', example: swapExample.acceptedAt },
        decidedAt: { description: 'When it was approved, rejected, declined or cancelled (ISO 8601, UTC); absent while undecided.', example: '2026-07-13T01:10:00.000Z' },
        decidedBy: { description: 'Who made that decision: a user id; absent while undecided.', example: gridWorker },
        failure: { description: 'Why an approved hand-over could not be made (the proposer checked in, the other member has a shift at that time…); only when `failed`.', example: `${chen} has an overlapping shift (0mrr4t7b2Xp1KdGe)` },
      },
      example: swapExample,
    },
  ],
];
