/**
 * The single table, declared once. The CDK table, the local table and every key a repository
 * writes come from here.
 *
 * Every item has `pk`/`sk`. Secondary indexes are sparse: an item appears in one only when it
 * carries that index's attributes, and each index is named by the family of questions it answers.
 * An index projects `ALL` where its readers use the items it returns, `KEYS_ONLY` where they read
 * each item again: every write of an item rewrites its entries at the projected size.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Garbage collection only: correctness never depends on an expired item being gone. */
  timeToLiveAttribute: 'expiresAt',
  indexes: {
    /** "What is under this parent?": children of an org unit, and later a grid's requests. */
    byParent: { partitionKey: 'parentKey', sortKey: 'parentSort', projection: 'ALL' },
    /** "What belongs to this user?": memberships, and later my requests and reservations. */
    byUser: { partitionKey: 'userKey', sortKey: 'userSort', projection: 'ALL' },
    /**
     * "What is near here?": geohash cells → stations in them, grids whose boundary touches them; and
     * who is on duty in a place (a unit's grid workers, the shifts at a station); a grid's open
     * requests of a category (what a resident about to report sees nearby).
     */
    byPlace: { partitionKey: 'placeKey', sortKey: 'placeSort', projection: 'ALL' },
    /** "What is due when?": deadlines and reminders by time, for the schedules. */
    byDue: { partitionKey: 'dueKey', sortKey: 'dueSort', projection: 'ALL' },
    /**
     * "What happened in this area this month?": requests by subdistrict and month, sorted by
     * community then time, for monthly reports and admins' views. Its own index because a request
     * item already sits in byUser (its resident), byParent (its worker's queue) and byDue (its deadline).
     */
    byArea: { partitionKey: 'areaKey', sortKey: 'areaSort', projection: 'ALL' },
    /**
     * "Which writes still have events to publish?": the outbox relay's worklist. Keys only: the relay
     * reads each item again anyway, and an entry then costs one write unit, not the item's size.
     */
    outbox: { partitionKey: 'outboxShard', sortKey: 'outboxMark', projection: 'KEYS_ONLY' },
  },
} as const;

export type IndexName = keyof typeof tableDesign.indexes;

type IndexDesign<I extends IndexName> = (typeof tableDesign.indexes)[I];

/** The two attributes an item carries to appear in an index, e.g. `{ dueKey, dueSort }` for byDue. */
export type IndexEntry<I extends IndexName> = {
  [A in IndexDesign<I>['partitionKey'] | IndexDesign<I>['sortKey']]: string;
};

/**
 * The attributes that put an item in an index under `partition`, sorted by `sort`: the one place an
 * index's attribute names are spelled, so a repository writes `...indexEntry('byDue', keys.requestDue(shard), sort)`.
 */
export function indexEntry<I extends IndexName>(index: I, partition: string, sort: string): IndexEntry<I> {
  const { partitionKey, sortKey } = tableDesign.indexes[index];
  return { [partitionKey]: partition, [sortKey]: sort } as IndexEntry<I>;
}

/** The attribute names of an index, to remove an item from it (sparse indexes: no attributes, no entry). */
export const indexAttributes = <I extends IndexName>(index: I): [IndexDesign<I>['partitionKey'], IndexDesign<I>['sortKey']] => [
  tableDesign.indexes[index].partitionKey,
  tableDesign.indexes[index].sortKey,
];

/** Number of outbox index partitions, so a burst of writes never lands on one hot key. */
export const OUTBOX_SHARDS = 4;

/** The primary key of an item (a type, not an interface, so it passes as a plain record). */
export type ItemKey = { pk: string; sk: string };

/*
 * Key builders, one group per owner: the only place key strings are spelled. A feature builds keys
 * of its own group only; another feature's items it reads through that feature's repository
 * (test/unit/architecture.test.ts holds every file to this, by the owners in `keyGroups`).
 */

/** The kernel's own items: the outbox index, idempotency records, rate-limit windows. */
export const kernelKeys = {
  /** outbox index: the shard a write's events wait in until published (see shared/events/outbox.ts). */
  outboxShard: (shard: number) => `OUTBOX#${shard}`,
  /**
   * A Powertools idempotency record (a consumer's processed event, an HTTP Idempotency-Key): each in
   * a partition of its own, keyed by its hashed idempotency key, so no partition is hot at city load.
   */
  idempotencyRecord: (idempotencyKey: string): ItemKey => ({ pk: `IDEMPOTENCY#${idempotencyKey}`, sk: 'IDEMPOTENCY' }),
  /**
   * How many times a person did one kind of action in one fixed window (the window's start is in the
   * key, so a past window is never read again: its TTL only collects it).
   */
  actionWindow: (userId: string, action: string, windowStartIso: string): ItemKey => ({
    pk: `USER#${userId}`,
    sk: `RATE#${action}#${windowStartIso}`,
  }),
} as const;

/** Organisation (shared/organisation): units, members, the activity log, micro-grid invitations. */
export const organisationKeys = {
  orgUnit: (unitId: string): ItemKey => ({ pk: `UNIT#${unitId}`, sk: 'UNIT' }),
  orgUnitChildren: (parentId: string | null) => `CHILDREN#${parentId ?? 'ROOT'}`,
  member: (unitId: string, userId: string): ItemKey => ({ pk: `UNIT#${unitId}`, sk: `MEMBER#${userId}` }),
  membersOf: (unitId: string) => ({ pk: `UNIT#${unitId}`, skPrefix: 'MEMBER#' }),
  membershipsOf: (userId: string) => `MEMBERSHIPS#${userId}`,
  /** byParent: a unit's current members (sort: userId). */
  unitMembers: (unitId: string) => `MEMBERS#${unitId}`,
  /**
   * byPlace: the members of a unit with member role `grid_worker` (sort: userId), on their membership
   * items themselves: who is on duty here, read with one bounded Query however many residents join.
   */
  gridWorkersOf: (unitId: string) => `WORKERS#${unitId}`,
  activity: (unitId: string, occurredAt: string, eventId: string): ItemKey => ({
    pk: `UNIT#${unitId}`,
    sk: `ACTIVITY#${occurredAt}#${eventId}`,
  }),
  activityOf: (unitId: string) => ({ pk: `UNIT#${unitId}`, skPrefix: 'ACTIVITY#' }),
  /** A micro-grid's invitation code, which residents join it with. */
  invitation: (code: string): ItemKey => ({ pk: `INVITE#${code}`, sk: 'INVITE' }),
} as const;

/** Users (shared/users): profiles, role lists, WeChat links, the phone links of imported staff. */
export const userKeys = {
  user: (userId: string): ItemKey => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  usersWithRole: (role: string) => `ROLE#${role}`,
  wechatLink: (openId: string): ItemKey => ({ pk: `WECHAT#${openId}`, sk: 'LINK' }),
  /** The staff user a mainland mobile number was imported for (shared/users/staff.ts). */
  phoneLink: (phone: string): ItemKey => ({ pk: `PHONE#${phone}`, sk: 'LINK' }),
  /** byParent: the phone links of imported staff, sharded by phone (sort: phone). */
  staffPhones: (shard: number) => `STAFF_PHONES#${shard}`,
} as const;

/**
 * Requests (shared/requests): one item per request; it also sits in byUser, byParent, byDue, byArea,
 * and in byPlace while open. Its followers are items of their own in its partition.
 */
export const requestKeys = {
  request: (requestId: string): ItemKey => ({ pk: `REQUEST#${requestId}`, sk: 'REQUEST' }),
  /** byUser: a resident's requests, newest first (sort: createdAt#id). */
  requestsOf: (residentId: string) => `REQUESTS_OF#${residentId}`,
  /** byParent: a grid worker's queue of one status, by due time (sort: due#id). */
  requestQueue: (assigneeId: string, status: string) => `QUEUE#${assigneeId}#${status}`,
  /** byDue: open requests by their next deadline, sharded (sort: due#id). */
  requestDue: (shard: number) => `DUE#REQUEST#${shard}`,
  /**
   * byPlace: a grid's open requests of one category, newest first (sort: createdAt#id), on the request
   * item while it is open: what "already reported nearby?" reads, one bounded Query.
   */
  openRequestsOf: (gridId: string, categoryId: string) => `OPEN_REQUESTS#${gridId}#${categoryId}`,
  /**
   * One person following a request ("me too"), beside it in its partition: one item per (request,
   * person), so following twice is a conditional no-op and the request item never grows with followers.
   */
  requestFollower: (requestId: string, userId: string): ItemKey => ({ pk: `REQUEST#${requestId}`, sk: `FOLLOWER#${userId}` }),
  requestFollowersOf: (requestId: string) => ({ pk: `REQUEST#${requestId}`, skPrefix: 'FOLLOWER#' }),
  /** byArea: a subdistrict's requests of a month, Asia/Shanghai (sort: communityId#createdAt#id). */
  requestArea: (subdistrictId: string, month: string) => `AREA#${subdistrictId}#${month}`,
  requestAreaCommunity: (communityId: string) => `${communityId}#`,
  /**
   * A unit's monthly figures (shared/requests/repository/rollups.ts): a grid's holds each request's
   * contribution, a community's, subdistrict's, district's and the city's (`city`) a snapshot per child.
   */
  requestRollup: (unitId: string, month: string): ItemKey => ({ pk: `ROLLUP#${unitId}`, sk: `MONTH#${month}` }),
  category: (categoryId: string): ItemKey => ({ pk: `CATEGORY#${categoryId}`, sk: 'CATEGORY' }),
  /** byParent: the request categories, in display order (sort: order#id). */
  categories: 'CATEGORIES',
  /** A grid's boundary indexed under one geohash cell it may touch; byPlace partition: gridCell. */
  gridCellEntry: (gridId: string, cell: string): ItemKey => ({ pk: `UNIT#${gridId}`, sk: `CELL#${cell}` }),
  gridCell: (cell: string) => `GRIDCELL#${cell}`,
  /** An admin of a unit (`city` for city-wide admins): who overdue requests escalate to. */
  unitAdmin: (unitId: string, userId: string): ItemKey => ({ pk: `UNIT#${unitId}`, sk: `ADMIN#${userId}` }),
  unitAdminsOf: (unitId: string) => ({ pk: `UNIT#${unitId}`, skPrefix: 'ADMIN#' }),
} as const;

/** Stations (shared/stations): the station item holds its live occupancy; slots hold reservations. */
export const stationKeys = {
  station: (stationId: string): ItemKey => ({ pk: `STATION#${stationId}`, sk: 'STATION' }),
  /** byPlace: the stations in one geohash cell of precision 5 (sort: full geohash#id). */
  stationCell: (cell: string) => `STATIONCELL#${cell}`,
  /**
   * The search summary of one such cell: what a nearby search's first look needs of each station in
   * it (shared/stations/summary.ts). Under `STATION#`, with the station items (no station id holds `#`).
   */
  stationCellSummary: (cell: string): ItemKey => ({ pk: `STATION#CELL#${cell}`, sk: 'SUMMARY' }),
  /**
   * A hint that a person is listed among a station's managers, under the person (kept by the
   * station-managers consumer from the stations' events). Never trusted alone: the station's own
   * `managers` list decides, so a stale hint grants nothing.
   */
  managedStation: (userId: string, stationId: string): ItemKey => ({ pk: `USER#${userId}`, sk: `MANAGES#${stationId}` }),
  managedStationsOf: (userId: string) => ({ pk: `USER#${userId}`, skPrefix: 'MANAGES#' }),
  /** byParent: a community's stations, by name (sort: name#id). */
  stationsOfCommunity: (communityId: string) => `STATIONS#${communityId}`,
  /** One reservable time slot of a station: seats booked, who holds them, the waitlist. */
  stationSlot: (stationId: string, startIso: string): ItemKey => ({ pk: `STATION#${stationId}`, sk: `SLOT#${startIso}` }),
  stationSlotPrefix: 'SLOT#',
  /** A person's current visit (one station at a time). */
  visit: (userId: string): ItemKey => ({ pk: `USER#${userId}`, sk: 'VISIT' }),
  /** A person's ledger of active reservations (the per-person cap). */
  reservationLedger: (userId: string): ItemKey => ({ pk: `USER#${userId}`, sk: 'RESERVATIONS' }),
  reservation: (userId: string, reservationId: string): ItemKey => ({ pk: `USER#${userId}`, sk: `RESERVATION#${reservationId}` }),
  /** byUser: a person's reservations (sort: slot start#id). */
  reservationsOf: (userId: string) => `RESERVATIONS_OF#${userId}`,
  /** byDue: visits by when they end by themselves (sort: endsAt#userId). */
  visitEnds: 'DUE#VISIT_END',
  /** byDue: slots by when their no-shows are released, sharded (sort: due#stationId). */
  slotNoShows: (shard: number) => `DUE#SLOT_NO_SHOW#${shard}`,
  /** byDue: reservation records by when their reminder is due, sharded (sort: due#userId#reservationId). */
  reservationReminders: (shard: number) => `DUE#RESERVATION_REMINDER#${shard}`,
} as const;

/** Facilities (shared/facilities): donors, facilities, donations. */
export const facilityKeys = {
  donor: (donorId: string): ItemKey => ({ pk: `DONOR#${donorId}`, sk: 'DONOR' }),
  /** byParent: every donor, by name. */
  donors: 'DONORS',
  facility: (facilityId: string): ItemKey => ({ pk: `FACILITY#${facilityId}`, sk: 'FACILITY' }),
  /** byParent: a station's inventory (sort: kind#id). */
  facilitiesAt: (stationId: string) => `FACILITIES#${stationId}`,
  /** byUser (whose gift it is): a donor's donations (sort: donatedOn#id). */
  donationsOf: (donorId: string) => `DONATIONS#${donorId}`,
} as const;

/** Notifications (shared/notifications): inbox items, push jobs, robots, subscriptions. */
export const notificationKeys = {
  /** One inbox item; its id starts with the event's time, so the partition reads newest first. */
  notification: (userId: string, notificationId: string): ItemKey => ({ pk: `INBOX#${userId}`, sk: `NOTE#${notificationId}` }),
  inboxOf: (userId: string) => ({ pk: `INBOX#${userId}`, skPrefix: 'NOTE#' }),
  /** byUser: a person's unread inbox items only (sparse: reading one takes it out; sort: notificationId). */
  unreadOf: (userId: string) => `UNREAD#${userId}`,
  /** One-time WeChat subscriptions a person has left for a kind of notice. */
  notificationSubscription: (userId: string, kind: string): ItemKey => ({ pk: `USER#${userId}`, sk: `SUBSCRIPTION#${kind}` }),
  notificationSubscriptionsOf: (userId: string) => ({ pk: `USER#${userId}`, skPrefix: 'SUBSCRIPTION#' }),
  /** A grid's WeCom group robot (its webhook key), on its own item. */
  weComRobot: (unitId: string): ItemKey => ({ pk: `UNIT#${unitId}`, sk: 'WECOM_ROBOT' }),
  /** When a robot's recent messages went: its 20-a-minute window. */
  robotWindow: (robotId: string): ItemKey => ({ pk: `ROBOT#${robotId}`, sk: 'WINDOW' }),
  pushJob: (jobId: string): ItemKey => ({ pk: `PUSH#${jobId}`, sk: 'PUSH' }),
  /** byDue: pending pushes by their next attempt, sharded (sort: nextAttemptAt#jobId). */
  pushesDue: (shard: number) => `DUE#PUSH#${shard}`,
  /** byParent: pushes that failed every attempt, for admins (sort: deadAt#jobId). */
  deadPushes: 'PUSH_DEAD_LETTERS',
  /**
   * An announcement to many people (shared/notifications/announcements-store.ts): what it says, to
   * whom, and how far its delivery has gone (the walk's cursor, the batches done, the counts).
   */
  announcement: (announcementId: string): ItemKey => ({ pk: `ANNOUNCEMENT#${announcementId}`, sk: 'ANNOUNCEMENT' }),
} as const;

/**
 * Shifts (shared/shifts): the shift item holds its seats, waitlist, attendance and next reminder; a
 * volunteer's day item holds their booked intervals (no double booking); a person's calendar feed
 * item holds the hash of their feed token (the feed also lists their reservations, read through stations).
 */
export const shiftKeys = {
  duty: (unitId: string, dutyId: string): ItemKey => ({ pk: `UNIT#${unitId}`, sk: `DUTY#${dutyId}` }),
  dutiesOf: (unitId: string) => ({ pk: `UNIT#${unitId}`, skPrefix: 'DUTY#' }),
  /** byUser: a member's responsibility list (sort: microGridId#dutyId). */
  dutiesOfMember: (userId: string) => `DUTIES_OF#${userId}`,
  shift: (shiftId: string): ItemKey => ({ pk: `SHIFT#${shiftId}`, sk: 'SHIFT' }),
  /** byParent: a micro-grid's shifts by start (sort: start#id). */
  shiftsOf: (unitId: string) => `SHIFTS_OF#${unitId}`,
  /** byPlace: the shifts at a station by start (sort: start#id). */
  stationDuty: (stationId: string) => `STATION_DUTY#${stationId}`,
  /** byDue: shifts by their next reminder, sharded (sort: dueAt#shiftId). */
  shiftReminders: (shard: number) => `DUE#SHIFT_REMINDER#${shard}`,
  availability: (userId: string): ItemKey => ({ pk: `USER#${userId}`, sk: 'AVAILABILITY' }),
  /** A volunteer's booked intervals on one local day. */
  volunteerDay: (userId: string, date: string): ItemKey => ({ pk: `USER#${userId}`, sk: `SCHEDULE#${date}` }),
  volunteerDaysPrefix: 'SCHEDULE#',
  /** One line of the hours log: a volunteer's stint (or no-show) on a shift, under its micro-grid. */
  hoursEntry: (unitId: string, month: string, userId: string, shiftId: string): ItemKey => ({
    pk: `UNIT#${unitId}`,
    sk: `HOURS#${month}#${userId}#${shiftId}`,
  }),
  hoursOfUnit: (unitId: string, month: string) => ({ pk: `UNIT#${unitId}`, skPrefix: `HOURS#${month}#` }),
  /** byUser: a volunteer's hours log (sort: month#shiftId). */
  hoursOf: (userId: string) => `HOURS_OF#${userId}`,
  shiftSwap: (swapId: string): ItemKey => ({ pk: `SWAP#${swapId}`, sk: 'SWAP' }),
  /** byParent: a micro-grid's swap requests (sort: createdAt#id). */
  shiftSwapsOf: (unitId: string) => `SWAPS_OF#${unitId}`,
  /** A person's calendar feed: the hash of its current secret token (the truth: one feed a person). */
  calendarFeed: (userId: string): ItemKey => ({ pk: `USER#${userId}`, sk: 'CALENDAR_FEED' }),
  /** Finds a feed's person by its token's hash, for the public feed URL (checked against {@link shiftKeys.calendarFeed}). */
  calendarFeedToken: (tokenHash: string): ItemKey => ({ pk: `CALENDAR_FEED#${tokenHash}`, sk: 'CALENDAR_FEED' }),
} as const;

/**
 * Departments (shared/departments): linked handling (联动处置) with departments' own systems.
 * Outgoing deliveries (deliveries.ts): one item per delivery under its case, so a case's history is
 * one Query; pending ones sit in byDue (sharded), dead ones in byParent for city-wide admins.
 */
export const departmentKeys = {
  /** One delivery of a case to a department; its id starts with its creation time (sort order). */
  delivery: (requestId: string, deliveryId: string): ItemKey => ({ pk: `CASE_DELIVERIES#${requestId}`, sk: `DELIVERY#${deliveryId}` }),
  deliveriesOf: (requestId: string) => ({ pk: `CASE_DELIVERIES#${requestId}`, skPrefix: 'DELIVERY#' }),
  /** byDue: pending deliveries by their next attempt, sharded (sort: nextAttemptAt#deliveryId). */
  deliveriesDue: (shard: number) => `DUE#DELIVERY#${shard}`,
  /** byParent: deliveries that failed for the whole retry window, for admins (sort: deadAt#deliveryId). */
  deadDeliveries: 'DELIVERY_DEAD_LETTERS',
  /** How many deliveries went to a department in one minute: its endpoint's rate limit. */
  deliveryWindow: (departmentId: string, minute: string): ItemKey => ({ pk: `DELIVERY_WINDOW#${departmentId}`, sk: `MINUTE#${minute}` }),
  /** A department's endpoint as the city configured it (endpoints.ts); its secret is in Secrets Manager, not here. */
  departmentEndpoint: (departmentId: string): ItemKey => ({ pk: `DEPARTMENT#${departmentId}`, sk: 'ENDPOINT' }),
  /** byParent: every configured department endpoint (sort: departmentId); a handful, read with one Query. */
  departmentEndpoints: 'DEPARTMENT_ENDPOINTS',
  /**
   * A callback a department sent, by its own message id (callbacks.ts): put before it is applied, so
   * the same message applies once; kept 7 days for replays, then TTL collects it.
   */
  departmentCallback: (departmentId: string, messageId: string): ItemKey => ({ pk: `CALLBACK#${departmentId}#${messageId}`, sk: 'CALLBACK' }),
} as const;

/** Photos (shared/photos): one item per upload, from its arrival to the object it is attached to. */
export const photoKeys = {
  upload: (uploadId: string): ItemKey => ({ pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' }),
} as const;

/** Each group by the folder that owns it (`kernel`: shared/table, shared/events and the kernel's single files). */
export const keyGroups = {
  kernel: kernelKeys,
  organisation: organisationKeys,
  users: userKeys,
  requests: requestKeys,
  stations: stationKeys,
  facilities: facilityKeys,
  notifications: notificationKeys,
  shifts: shiftKeys,
  photos: photoKeys,
  departments: departmentKeys,
} as const;

type Merged<Groups extends readonly object[]> = (Groups[number] extends infer G ? (G extends object ? (x: G) => void : never) : never) extends (x: infer All) => void ? All : never;

/** One object with every group's builders (a call, so a bundle that never reads `keys` drops it: see below). */
const merged = <const Groups extends readonly object[]>(...groups: Groups): Merged<Groups> => Object.assign({}, ...groups) as Merged<Groups>;

/**
 * Every key builder, whoever owns it (infra and tests use it; a feature keeps to its own group). Built
 * by a call marked pure, not a spread (which esbuild must assume has side effects): a function whose
 * modules import only their own group carries only that group's builders.
 */
export const keys = /* @__PURE__ */ merged(
  kernelKeys,
  organisationKeys,
  userKeys,
  requestKeys,
  stationKeys,
  facilityKeys,
  notificationKeys,
  shiftKeys,
  photoKeys,
  departmentKeys,
);
