import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { keys } from '../../../shared/table/design';
import { shardOf } from '../../../shared/table/shards';
import { getUser } from '../../../shared/users/repository';
import { STAFF_PHONE_SHARDS, type StaffInput, listStaffPhones, saveStaffAccount, staffUserOfPhone } from '../../../shared/users/staff';
import { useEngine } from '../../support/engine';

const { tableName } = useEngine();

const NOW = new Date('2026-07-01T08:00:00.000Z');
const LATER = new Date('2026-07-02T08:00:00.000Z');
const readItem = async (key: { pk: string; sk: string }) =>
  (await documents().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

/** A grid worker's row as the importer passes it; each test its own phone. */
const worker = (phone: string, fields: Partial<StaffInput> = {}): StaffInput => ({
  phone,
  displayName: '网格员王芳',
  role: 'grid_worker',
  units: ['grid-a1', 'grid-a2'],
  ...fields,
});

describe('saveStaffAccount', () => {
  it('creates a pre-provisioned user and the phone link for a new phone', async () => {
    // Prepare
    const input = worker('13800000001');

    // Act
    const saved = await saveStaffAccount(input, NOW, 'import-1');

    // Assess
    expect(saved.change).toBe('created');
    expect(saved.before).toBeUndefined();
    expect(await getUser(saved.userId)).toEqual({
      id: saved.userId,
      displayName: '网格员王芳',
      role: 'grid_worker',
      units: ['grid-a1', 'grid-a2'],
      stations: [],
      phone: '13800000001',
      createdAt: NOW.toISOString(),
    });
    const user = await readItem(keys.user(saved.userId));
    expect(user).toMatchObject({ entity: 'user', staff: true, tokenVersion: 0 });
    expect(user?.openId).toBeUndefined();
    expect(await readItem(keys.phoneLink('13800000001'))).toMatchObject({
      phone: '13800000001',
      userId: saved.userId,
      importedAt: NOW.toISOString(),
      parentKey: keys.staffPhones(shardOf('13800000001', STAFF_PHONE_SHARDS)),
      parentSort: '13800000001',
    });
  });

  it('answers unchanged and writes nothing when the same row is imported again, whatever the order of its units', async () => {
    // Prepare
    const first = await saveStaffAccount(worker('13800000002'), NOW, 'import-1');

    // Act
    const again = await saveStaffAccount(worker('13800000002', { units: ['grid-a2', 'grid-a1'] }), LATER, 'import-2');

    // Assess
    expect(again).toEqual({ userId: first.userId, change: 'unchanged' });
    expect(await readItem(keys.user(first.userId))).toMatchObject({ importedAt: NOW.toISOString(), importedBy: 'import-1' });
  });

  it('updates the role, units and name of a phone imported before, and says what they were', async () => {
    // Prepare
    const first = await saveStaffAccount(worker('13800000003'), NOW, 'import-1');

    // Act
    const changed = await saveStaffAccount(
      worker('13800000003', { displayName: '站长王芳', role: 'station_manager', units: ['community-a'] }),
      LATER,
      'import-2',
    );

    // Assess
    expect(changed).toEqual({
      userId: first.userId,
      change: 'updated',
      before: { role: 'grid_worker', units: ['grid-a1', 'grid-a2'], displayName: '网格员王芳' },
    });
    expect(await getUser(first.userId)).toMatchObject({ displayName: '站长王芳', role: 'station_manager', units: ['community-a'] });
  });

  it('makes one user of a new phone imported twice at once', async () => {
    // Prepare
    const input = worker('13800000004');

    // Act
    const results = await Promise.all([saveStaffAccount(input, NOW, 'import-1'), saveStaffAccount(input, NOW, 'import-2')]);

    // Assess
    expect(new Set(results.map((result) => result.userId)).size).toBe(1);
    expect(results.map((result) => result.change)).toContain('created');
    expect(await staffUserOfPhone('13800000004')).toBe(results[0].userId);
  });

  it('refuses a phone that is not a mainland mobile number, without quoting it', async () => {
    // Act
    const refused = await saveStaffAccount(worker('0251234567'), NOW, 'import-1').then(
      () => undefined,
      (error: Error) => error,
    );

    // Assess
    expect(refused).toBeInstanceOf(Error);
    expect(refused!.message).not.toContain('0251234567');
  });
});

describe('staffUserOfPhone', () => {
  it('finds the user a phone was imported for, and nobody for a phone never imported', async () => {
    // Prepare
    const saved = await saveStaffAccount(worker('13800000005'), NOW, 'import-1');

    // Act
    const found = await staffUserOfPhone('13800000005');
    const unknown = await staffUserOfPhone('13899999999');

    // Assess
    expect(found).toBe(saved.userId);
    expect(unknown).toBeUndefined();
  });
});

describe('listStaffPhones', () => {
  it('lists every imported phone once over all shards, page by page', async () => {
    // Prepare
    const phones = Array.from({ length: 40 }, (_, index) => `1370000${String(index).padStart(4, '0')}`);
    const saved = new Map<string, string>();
    for (const phone of phones) saved.set(phone, (await saveStaffAccount(worker(phone), NOW, 'import-1')).userId);

    // Act
    const listed: { phone: string; userId: string }[] = [];
    for (let shard = 0; shard < STAFF_PHONE_SHARDS; shard += 1) {
      let cursor: string | undefined;
      do {
        const page = await listStaffPhones(shard, { limit: 2, ...(cursor ? { cursor } : {}) });
        listed.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
    }

    // Assess
    const mine = listed.filter((entry) => saved.has(entry.phone));
    expect(mine.map((entry) => entry.phone).sort()).toEqual(phones);
    for (const entry of mine) expect(entry.userId).toBe(saved.get(entry.phone));
    const used = new Set(phones.map((phone) => shardOf(phone, STAFF_PHONE_SHARDS)));
    expect(used.size).toBeGreaterThan(1);
  });

  it('lists a shard in phone order', async () => {
    // Prepare
    for (const phone of ['13600000009', '13600000001', '13600000005']) await saveStaffAccount(worker(phone), NOW, 'import-1');

    // Act
    const page = await listStaffPhones(shardOf('13600000005', STAFF_PHONE_SHARDS), { limit: 100 });

    // Assess
    const phones = page.items.map((entry) => entry.phone);
    expect(phones).toEqual([...phones].sort());
    expect(phones).toContain('13600000005');
  });
});
