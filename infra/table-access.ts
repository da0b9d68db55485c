import { type IndexName, type ItemKey, keys, tableDesign } from '../shared/table/design';

/**
 * What each Lambda function may do to the table, declared once. CDK turns each entry into the
 * function role's only DynamoDB statements (infra/house-function.ts), and the local runtime refuses
 * any call a function makes beyond its entry (infra/local/table-guard.ts), so the whole test suite
 * proves every entry is enough, and nothing more is used.
 *
 * - `items`: actions on the table's items, each grant for partitions starting with given prefixes
 *   (IAM: `ForAllValues:StringLike` on `dynamodb:LeadingKeys`), or for `anyPartition`. A Query on
 *   the table itself is an item action: its partition is a leading key like any other.
 * - `indexes`: the indexes the function Queries. AWS documents `dynamodb:LeadingKeys` as the
 *   partition key of the table, not of an index, so index Queries are scoped to the index ARNs
 *   alone, with no key condition.
 *
 * No Scan, no transactions, no table-level actions: nothing here can grant them.
 */

/** The item-level DynamoDB actions a function may be granted. */
export type ItemAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem';

export const ITEM_ACTIONS: readonly ItemAction[] = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'];

/** Every partition: no `dynamodb:LeadingKeys` condition. Only where the items are not known in advance. */
export const anyPartition = 'any partition' as const;

export interface ItemGrant {
  actions: readonly ItemAction[];
  /** Partition key prefixes (from {@link partitionOf}), or {@link anyPartition}. */
  partitions: readonly string[] | typeof anyPartition;
}

export interface TableAccess {
  items: readonly ItemGrant[];
  indexes: readonly IndexName[];
}

/** A key builder of the table design (`keys.user`, `keys.member`…): its item's partition key is what counts. */
type KeyBuilder = (...ids: never[]) => ItemKey | { pk: string; skPrefix: string };

/** Stands in for every id a key builder takes; no real id contains it. */
const HOLE = '\u0000';

/**
 * The constant start of the partition keys a key builder makes (`keys.user` → `USER#`), taken from
 * the builder itself so no key string is spelled twice.
 */
export function partitionOf(builder: KeyBuilder): string {
  const built = (builder as unknown as (...ids: string[]) => { pk: string })(HOLE, HOLE, HOLE, HOLE);
  const at = built.pk.indexOf(HOLE);
  if (at <= 0) throw new Error(`key builder ${builder.name} has no constant partition prefix (${JSON.stringify(built.pk)})`);
  const prefix = built.pk.slice(0, at);
  // The prefix becomes an IAM StringLike pattern `<prefix>*`: it must hold no pattern characters.
  if (/[*?]/.test(prefix)) throw new Error(`partition prefix ${prefix} holds an IAM wildcard character`);
  return prefix;
}

/** Partition prefixes, each once, from key builders. */
const partitions = (...builders: KeyBuilder[]): string[] => [...new Set(builders.map(partitionOf))];

/** `actions` on the items whose partitions the key builders make (several builders may share one prefix). */
const on = (builders: readonly KeyBuilder[], ...actions: ItemAction[]): ItemGrant => ({ actions, partitions: partitions(...builders) });

const access = (items: readonly ItemGrant[], indexes: readonly IndexName[] = []): TableAccess => ({ items, indexes });

/**
 * Powertools idempotency records (shared/idempotency.ts): every consumer, and the HTTP functions with
 * `Idempotency-Key` routes. Powertools reads, claims (a conditional put), completes and deletes them.
 */
const idempotencyRecords = on([keys.idempotencyRecord], 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem');

/** Attaching photos (shared/photos/attach.ts): the uploads read together, then marked attached. */
const attachesUploads = on([keys.upload], 'BatchGetItem', 'UpdateItem');

/**
 * Every function of infra/functions.ts, by name (a test checks the two lists agree, and CDK refuses
 * to synthesize a function missing here). `null`: no table access at all, not even `TABLE_NAME`.
 *
 * A write that carries events (`putWithEvents`, `updateWithEvents`) is followed by an UpdateItem on
 * the same item that clears them (shared/events/outbox.ts): a function making one holds UpdateItem
 * on that partition too.
 */
export const tableAccess: Readonly<Record<string, TableAccess | null>> = {
  // Reads the caller's user item (shared/users/access.ts), and nothing else.
  authorizer: access([on([keys.user], 'GetItem')]),

  // ——— HTTP functions ———
  // Sign-in: finds or registers the WeChat user (the openid's link item, the user item); signing out everywhere bumps the user's token version.
  // A phone binding (shared/users/staff-binding.ts) reads the phone's link, moves the openid's link to
  // the staff user (and removes the one of an account they left), updates both users and marks the phone link bound.
  auth: access([
    on([keys.user], 'GetItem', 'PutItem', 'UpdateItem'),
    on([keys.wechatLink], 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'),
    on([keys.phoneLink], 'GetItem', 'UpdateItem'),
  ]),
  // Donors and facilities; a fault report checks the reporter is at the station (visit, reservations),
  // and reading a person's reservations repairs them on the way (shared/stations/reservations/reads.ts).
  facilities: access(
    [
      on([keys.donor, keys.facility], 'GetItem', 'PutItem', 'UpdateItem'),
      on([keys.station, keys.stationSlot], 'GetItem', 'BatchGetItem', 'UpdateItem'),
      on([keys.visit, keys.reservationLedger, keys.reservation], 'GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'),
      attachesUploads,
      idempotencyRecords,
    ],
    ['byParent', 'byUser'],
  ),
  // Liveness and the answer to paths no route has: no data.
  meta: null,
  // The API reference and OpenAPI document: no data.
  'api-docs': null,
  // Inboxes, one-time subscriptions, grids' WeCom robots, dead pushes.
  'notifications-api': access(
    [
      on([keys.orgUnit, keys.weComRobot], 'GetItem', 'PutItem', 'DeleteItem'),
      on([keys.notification], 'Query', 'UpdateItem'),
      on([keys.notificationSubscription], 'Query', 'UpdateItem'),
      on([keys.pushJob], 'GetItem', 'UpdateItem'),
    ],
    ['byUser', 'byParent'],
  ),
  // Announcements: made with their first event (and cleared of it), read back; the scope's unit.
  announcements: access([on([keys.announcement], 'GetItem', 'PutItem', 'UpdateItem'), on([keys.orgUnit], 'GetItem'), idempotencyRecords]),
  // Units, their members and activity; a new grid's boundary is checked against the grids near it.
  organisation: access(
    [on([keys.orgUnit, keys.member, keys.activity], 'GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem')],
    ['byParent', 'byPlace', 'byUser'],
  ),
  // Monthly reports: the scope's unit, its rollup item (and, for the grid table, the rollup items
  // below it), the category names (byParent).
  reports: access([on([keys.orgUnit], 'GetItem'), on([keys.requestRollup], 'GetItem', 'BatchGetItem')], ['byParent']),
  // Residents' requests and the categories; routing reads the grid cells (byPlace), the unit, the member and the resident.
  requests: access(
    [
      on([keys.request], 'GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'),
      // A follow: its item put, claimed for counting, marked counted, or taken back when the count
      // refuses it; "do I follow these?" (BatchGet). Under `REQUEST#`, as the request items are.
      on([keys.requestFollower], 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem'),
      on([keys.category], 'GetItem', 'PutItem'),
      on([keys.orgUnit, keys.member], 'GetItem'),
      on([keys.user], 'GetItem'),
      attachesUploads,
      idempotencyRecords,
    ],
    ['byArea', 'byParent', 'byPlace', 'byUser'],
  ),
  // The Open311 adapter (shared/open311/): the categories (byParent) and one category; requests by id,
  // grids' open requests (byPlace, as "already reported?"); a submission as `requests` makes one
  // (routing reads the grid cells, the unit, the member and the resident; the item put with its
  // event, then cleared of it). No follows, no photos.
  open311: access(
    [
      on([keys.request], 'GetItem', 'PutItem', 'UpdateItem'),
      on([keys.category], 'GetItem'),
      on([keys.orgUnit, keys.member], 'GetItem'),
      on([keys.user], 'GetItem'),
      idempotencyRecords,
    ],
    ['byParent', 'byPlace'],
  ),
  // The shifts' plan and its views: duties (made, listed, removed), shifts made by hand, invitation
  // codes, availability; reads of units, members, shifts, hours, volunteers' days and names for
  // rosters, suggestions and station duty. Nothing it writes carries events, and no seat is taken here.
  'shift-planning': access(
    [
      on([keys.orgUnit, keys.member, keys.duty, keys.hoursEntry], 'GetItem', 'BatchGetItem', 'Query', 'PutItem', 'DeleteItem'),
      on([keys.user, keys.availability, keys.volunteerDay], 'GetItem', 'BatchGetItem', 'PutItem'),
      on([keys.shift], 'GetItem', 'PutItem'),
      on([keys.invitation], 'PutItem'),
      on([keys.station], 'GetItem'),
      idempotencyRecords,
    ],
    // A micro-grid's shifts, swaps and members (byParent); shifts at a station (byPlace); a member's duties and hours (byUser).
    ['byParent', 'byPlace', 'byUser'],
  ),
  // Who sits on a shift: seats, claims on volunteers' days, waitlists, attendance (and its hours
  // entries), swaps, generation (creates shifts and seats assignees); members join with a code and leave.
  'shift-seats': access(
    [
      on([keys.orgUnit, keys.member, keys.duty, keys.hoursEntry], 'GetItem', 'Query', 'PutItem', 'UpdateItem'),
      on([keys.availability, keys.volunteerDay, keys.actionWindow], 'GetItem', 'Query', 'UpdateItem'),
      on([keys.shift], 'GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'),
      on([keys.shiftSwap], 'GetItem', 'PutItem', 'UpdateItem'),
      on([keys.invitation], 'GetItem'),
      // Calendar feeds: the person's item and the lookup by the token's hash; the feed names micro-grids.
      on([keys.calendarFeed, keys.calendarFeedToken], 'GetItem', 'PutItem', 'DeleteItem'),
      on([keys.orgUnit], 'BatchGetItem'),
      // The feed's reservations, read only (shared/stations/reservations/reads.ts: upcomingReservationsOf).
      on([keys.reservationLedger, keys.reservation], 'GetItem', 'BatchGetItem'),
      on([keys.stationSlot], 'BatchGetItem'),
    ],
    // A micro-grid's shifts (byParent: shift options); its grid workers (byPlace: a swap to approve); my memberships (byUser).
    ['byParent', 'byPlace', 'byUser'],
  ),
  // Stations, visits, reservations (slots, ledgers, records, churn limits); managers named must be users.
  stations: access(
    [
      on([keys.station, keys.stationSlot], 'GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'),
      on([keys.user, keys.visit, keys.reservationLedger, keys.reservation, keys.actionWindow], 'GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem'),
      on([keys.orgUnit], 'GetItem'),
      attachesUploads,
      idempotencyRecords,
    ],
    ['byParent', 'byPlace', 'byUser'],
  ),
  // Uploads: the item made with its event (and cleared of it), read back by its owner; the hourly budget.
  uploads: access([on([keys.upload], 'GetItem', 'PutItem', 'UpdateItem'), on([keys.actionWindow], 'GetItem', 'UpdateItem'), idempotencyRecords]),
  // Profiles, roles and (de)activation; where a person sits: their units and the stations they run.
  users: access([
    on([keys.user, keys.managedStation], 'GetItem', 'Query', 'UpdateItem'),
    on([keys.orgUnit, keys.station], 'BatchGetItem'),
  ]),

  // ——— consumers ———
  notifications: access(
    [
      on([keys.orgUnit, keys.weComRobot], 'GetItem'),
      on([keys.user, keys.notificationSubscription], 'GetItem', 'UpdateItem'),
      on([keys.notification], 'PutItem'),
      on([keys.pushJob], 'GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'),
      on([keys.robotWindow], 'GetItem', 'PutItem'),
      // The followers of a resolved request (shared/requests/repository/followers.ts followersOf).
      on([keys.requestFollower], 'Query'),
      idempotencyRecords,
    ],
    // A grid's workers (shared/organisation/repository.ts listGridWorkers).
    ['byPlace'],
  ),
  // An announcement's batch: reads it, walks the scope's units (byParent) and their grid workers
  // (byPlace), puts inbox items (and reads the batch mark of one found there), moves the cursor on.
  'announcement-delivery': access(
    [on([keys.announcement], 'GetItem', 'UpdateItem'), on([keys.notification], 'GetItem', 'PutItem'), idempotencyRecords],
    ['byParent', 'byPlace'],
  ),
  // Reads the upload and ends its processing.
  'photo-processing': access([on([keys.upload], 'GetItem', 'UpdateItem'), idempotencyRecords]),
  'organisation-activity': access([on([keys.activity], 'PutItem'), idempotencyRecords]),
  'request-links': access([on([keys.request], 'UpdateItem'), idempotencyRecords]),
  // Reads the request (its report fields) and the units of a grid whose month begins; reads and
  // conditionally updates the rollup items from the grid up to the district (the city's figures are read from the districts').
  'request-rollups': access([
    on([keys.request], 'GetItem'),
    on([keys.orgUnit], 'GetItem', 'BatchGetItem'),
    on([keys.requestRollup], 'GetItem', 'UpdateItem'),
    idempotencyRecords,
  ]),
  'request-routing': access([on([keys.orgUnit], 'GetItem'), on([keys.gridCellEntry, keys.unitAdmin], 'BatchWriteItem'), idempotencyRecords]),
  'shift-hours': access([on([keys.hoursEntry], 'PutItem'), idempotencyRecords]),
  'station-managers': access([on([keys.managedStation], 'BatchWriteItem'), idempotencyRecords]),
  // The facility an event names (strongly consistent), the others at its station giving the same
  // amenity (its inventory: byParent), and the station items' record of them, read and conditionally updated.
  'station-amenities': access([on([keys.facility], 'GetItem'), on([keys.station], 'GetItem', 'UpdateItem'), idempotencyRecords], ['byParent']),
  // Promotes waiters on a slot and settles their records; releases the place a moved reservation gave
  // up (its slot, then its record and its claim in the person's ledger).
  'station-waitlist': access([
    on([keys.station, keys.stationSlot], 'GetItem', 'UpdateItem'),
    on([keys.reservation, keys.reservationLedger], 'UpdateItem'),
    idempotencyRecords,
  ]),

  // Deliveries to departments (shared/departments/deliveries.ts): a case's history (the case read for
  // its scope), the dead letters (byParent), a redrive and its immediate attempt (claimed, sent within
  // the endpoint's rate limit, settled: as the dispatcher does).
  deliveries: access(
    [
      on([keys.request, keys.departmentEndpoint], 'GetItem'),
      on([keys.delivery], 'GetItem', 'Query', 'UpdateItem'),
      on([keys.deliveryWindow], 'UpdateItem'),
    ],
    ['byParent'],
  ),
  // Departments' endpoints (set, read, listed on byParent) and when their secrets were made.
  departments: access([on([keys.departmentEndpoint], 'GetItem', 'Query', 'UpdateItem')], ['byParent']),
  // A department's callback: its mark (put, read, marked applied or taken back), its rate window, the
  // case changed by one conditional write that carries its events (and is cleared of them).
  'department-callbacks': access([
    on([keys.departmentCallback], 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'),
    on([keys.actionWindow], 'UpdateItem'),
    on([keys.request], 'GetItem', 'UpdateItem'),
  ]),
  // A case's change becomes a delivery (the case read, the delivery written once), tried at once; a
  // later change looks for the case's escalation first (its deliveries: one Query), which it may
  // cancel or bring up to date.
  'department-deliveries': access([
    on([keys.request, keys.departmentEndpoint], 'GetItem'),
    on([keys.delivery], 'Query', 'PutItem', 'UpdateItem'),
    on([keys.deliveryWindow], 'UpdateItem'),
    idempotencyRecords,
  ]),

  // ——— schedules ———
  // Whatever item a write left events in: found on the outbox index, read, published, cleared.
  'outbox-relay': access([{ actions: ['GetItem', 'UpdateItem'], partitions: anyPartition }], ['outbox']),
  'push-dispatcher': access(
    [
      on([keys.weComRobot], 'GetItem'),
      on([keys.robotWindow], 'GetItem', 'PutItem'),
      on([keys.pushJob], 'UpdateItem'),
      on([keys.notificationSubscription], 'UpdateItem'),
    ],
    ['byDue'],
  ),
  // Due deliveries (byDue), claimed, sent within each department's rate limit, settled.
  'department-dispatcher': access(
    [on([keys.departmentEndpoint], 'GetItem'), on([keys.delivery], 'UpdateItem'), on([keys.deliveryWindow], 'UpdateItem')],
    ['byDue'],
  ),
  'request-deadlines': access(
    [on([keys.request], 'GetItem', 'UpdateItem'), on([keys.unitAdmin], 'Query'), on([keys.user], 'BatchGetItem')],
    ['byDue'],
  ),
  'shift-reminders': access(
    [
      on([keys.shift], 'GetItem', 'BatchGetItem', 'UpdateItem'),
      on([keys.member], 'GetItem'),
      on([keys.volunteerDay], 'GetItem', 'UpdateItem'),
    ],
    // Due reminders (byDue); a micro-grid's grid workers to alert (byPlace: its workers list).
    ['byDue', 'byPlace'],
  ),
  'stations-sweep': access(
    [
      on([keys.station, keys.stationSlot], 'GetItem', 'UpdateItem'),
      on([keys.visit, keys.reservationLedger, keys.reservation], 'GetItem', 'UpdateItem', 'DeleteItem'),
    ],
    ['byDue'],
  ),
};

/** A function's declared table access; `undefined` when it may not touch the table at all. */
export function tableAccessOf(functionName: string): TableAccess | undefined {
  if (!(functionName in tableAccess)) throw new Error(`infra/table-access.ts declares nothing for function ${functionName}`);
  return tableAccess[functionName] ?? undefined;
}

/** The index a Query names must be one of the table design's. */
export const isIndexName = (name: string): name is IndexName => Object.hasOwn(tableDesign.indexes, name);
