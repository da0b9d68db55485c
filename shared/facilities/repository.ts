import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type PendingEvent, putNewWithEvents, updateWithEvents } from '../events/outbox';
import type { Page } from '../http/pagination';
import { writeIf } from '../table/conditions';
import { indexEntry, facilityKeys as keys } from '../table/design';
import { type PageRequest, queryAll, queryPage } from '../table/query';
import type { Donor, Facility } from './model';
import { donorFields, facilityFields } from './terms';

/**
 * Donors and facilities. A facility is one item: its state, its maintenance log, and two index
 * entries — its station's inventory (byParent) and its donor's donations (byUser: whose gift it is).
 * Every change is one write conditioned on the version that was read, with its event in the outbox.
 */

const table = () => config().tableName;

const pick = <T>(fields: readonly string[], item: Record<string, unknown>): T =>
  Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as T;
export const donorOf = (item: Record<string, unknown>): Donor => pick<Donor>(donorFields, item);
export const facilityOf = (item: Record<string, unknown>): Facility => pick<Facility>(facilityFields, item);

/**
 * Registers a donor; an existing id is a {@link KeyTakenError} (409). `fingerprint`: the creating
 * request's, under an Idempotency-Key (see shared/http/creation.ts).
 */
export async function createDonor(donor: Donor, events: readonly PendingEvent[], fingerprint?: string): Promise<void> {
  const key = keys.donor(donor.id);
  const attributes = { entity: 'donor', ...donor, ...indexEntry('byParent', keys.donors, `${donor.name}#${donor.id}`) };
  await putNewWithEvents(key, `donor ${donor.id}`, attributes, events, fingerprint);
}

/**
 * Replaces a donor's details (name, kind, contact, note) and files it under its new name in the list
 * of donors; who registered it and when stay. False when there is no such donor. A contact or note
 * the donor no longer has is removed.
 */
export async function updateDonor(donor: Donor, events: readonly PendingEvent[]): Promise<boolean> {
  return writeIf(
    updateWithEvents(
      {
        key: keys.donor(donor.id),
        set: { name: donor.name, kind: donor.kind, contact: donor.contact, note: donor.note, ...indexEntry('byParent', keys.donors, `${donor.name}#${donor.id}`) },
        remove: (['contact', 'note'] as const).filter((field) => donor[field] === undefined),
        condition: 'attribute_exists(pk)',
      },
      events,
    ),
  );
}

export async function getDonor(donorId: string): Promise<Donor | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.donor(donorId) }));
  return output.Item ? donorOf(output.Item) : undefined;
}

/** Every donor, by name. */
export async function listDonors(page: PageRequest): Promise<Page<Donor>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.donors });
  return { ...result, items: result.items.map(donorOf) };
}

/** Where a facility is listed: its station's inventory by kind, and its donor's donations by date. */
const facilityIndexes = (facility: Facility) => ({
  ...indexEntry('byParent', keys.facilitiesAt(facility.stationId), `${facility.kind}#${facility.id}`),
  ...indexEntry('byUser', keys.donationsOf(facility.donorId), `${facility.donatedOn}#${facility.id}`),
});

/**
 * Registers a donated facility; an existing id is a {@link KeyTakenError} (409). `fingerprint`: the
 * creating request's, under an Idempotency-Key (see shared/http/creation.ts).
 */
export async function createFacility(facility: Facility, events: readonly PendingEvent[], fingerprint?: string): Promise<void> {
  const key = keys.facility(facility.id);
  const attributes = { entity: 'facility', ...facility, ...facilityIndexes(facility) };
  await putNewWithEvents(key, `facility ${facility.id}`, attributes, events, fingerprint);
}

export async function getFacility(facilityId: string): Promise<Facility | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.facility(facilityId), ConsistentRead: true }));
  return output.Item ? facilityOf(output.Item) : undefined;
}

/**
 * Writes a facility's next state if it is still at `expectedVersion`. Returns false when someone
 * changed it first (two people reporting the same fault: one of them wins).
 */
export async function saveFacility(next: Facility, expectedVersion: number, events: readonly PendingEvent[]): Promise<boolean> {
  const { id, createdAt, ...fields } = next;
  void id;
  void createdAt;
  return writeIf(
    updateWithEvents(
      {
        key: keys.facility(next.id),
        set: { ...fields, ...facilityIndexes(next) },
        condition: 'attribute_exists(pk) AND #version = :expected',
        names: { '#version': 'version' },
        values: { ':expected': expectedVersion },
      },
      events,
    ),
  );
}

/** A station's inventory, by kind. */
export async function listFacilitiesAt(stationId: string, page: PageRequest): Promise<Page<Facility>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.facilitiesAt(stationId) });
  return { ...result, items: result.items.map(facilityOf) };
}

/** What the station amenity record needs of a facility (shared/facilities/amenities.ts). */
export type FacilityState = Pick<Facility, 'id' | 'kind' | 'stationId' | 'status' | 'version'>;

/**
 * The facilities of these kinds at a station, at most `limit` of each kind (the inventory sorts by
 * kind): their states only, as the index has them, so maybe a moment behind (an index has no
 * consistent reads).
 */
export async function facilityStatesAt(stationId: string, kinds: readonly Facility['kind'][], limit = 100): Promise<FacilityState[]> {
  const attributes = ['id', 'kind', 'stationId', 'status', 'version'] as const;
  const pages = await Promise.all(
    kinds.map((kind) => queryPage({ index: 'byParent', partition: keys.facilitiesAt(stationId), sortPrefix: `${kind}#`, limit, attributes })),
  );
  return pages.flatMap((page) => page.items.map((item) => pick<FacilityState>(attributes, item)));
}

/** Everything a donor gave (a donor gives tens of things, not thousands: read them all). */
export async function listDonationsOf(donorId: string): Promise<Facility[]> {
  return (await queryAll({ index: 'byUser', partition: keys.donationsOf(donorId) })).map(facilityOf);
}
