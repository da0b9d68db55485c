import { beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../infra/local/seeds/organisation';
import { demoStation } from '../../infra/local/seeds/stations';
import { createStation } from '../../shared/stations/repository';
import { saveUser } from '../../shared/users/repository';
import { useRuntime } from '../support/runtime';

const { api, signIn } = useRuntime();

/** A demo user's profile under another id (whatever a profile holds, as the seed writes it). */
const likeDemo = (demoId: string, id: string, changes: Record<string, unknown> = {}) => ({
  ...demoUsers.find((user) => user.id === demoId)!,
  id,
  displayName: id,
  ...changes,
});

const DONOR = 'donor-nanyuan-chamber';
const CONTACT = { name: '吴秘书长' };

beforeAll(async () => {
  // Prepare: a second station, in lushan-g2, run by a manager of its own; an admin of another subdistrict.
  await createStation(
    {
      ...demoStation,
      id: 'e2e-station-g2',
      name: '庐山社区第2网格驿站',
      gridId: 'lushan-g2',
      ancestors: ['jianye', 'nanyuan', 'lushan', 'lushan-g2'],
      location: { lat: 32.001, lng: 118.746 },
      managers: ['e2e-manager-g2'],
    },
    [],
  );
  await saveUser(likeDemo('demo-station-manager', 'e2e-manager-g2'));
  await saveUser(likeDemo('demo-admin', 'e2e-admin-elsewhere', { units: ['some-other-subdistrict'] }));
  await saveUser(likeDemo('demo-admin', 'e2e-admin-nanyuan', { units: ['nanyuan'] }));
});

/** What a user is shown of the donor: by id, in the list, and in its report. */
async function donorAsSeenBy(userId: string) {
  const token = await signIn(userId);
  const one = await api('GET', `/donors/${DONOR}`, { token });
  const list = await api('GET', '/donors?limit=100', { token });
  const report = await api('GET', `/donors/${DONOR}/report`, { token });
  expect([one.status, list.status, report.status]).toEqual([200, 200, 200]);
  return {
    one: one.body,
    listed: list.body.items.find((donor: { id: string }) => donor.id === DONOR),
    listedContacts: list.body.items.filter((donor: { contact?: unknown }) => donor.contact !== undefined).length,
    reported: report.body.donor,
  };
}

describe("a donor's contact", () => {
  it('is not shown to a grid worker, by id, in the list or in the report', async () => {
    // Act
    const seen = await donorAsSeenBy('demo-grid-worker');
    // Assess
    expect(seen.one).toMatchObject({ id: DONOR, name: '南苑街道商会' });
    expect(seen.one).not.toHaveProperty('contact');
    expect(seen.listed).not.toHaveProperty('contact');
    expect(seen.listedContacts).toBe(0);
    expect(seen.reported).not.toHaveProperty('contact');
  });

  it('is not shown to the manager of a station the donor gave nothing to', async () => {
    // Act
    const seen = await donorAsSeenBy('e2e-manager-g2');
    // Assess
    expect(seen.one).not.toHaveProperty('contact');
    expect(seen.listed).not.toHaveProperty('contact');
    expect(seen.reported).not.toHaveProperty('contact');
  });

  it('is not shown to an admin whose scope reaches none of the stations the donor gave to', async () => {
    // Act
    const seen = await donorAsSeenBy('e2e-admin-elsewhere');
    // Assess
    expect(seen.one).not.toHaveProperty('contact');
    expect(seen.reported).not.toHaveProperty('contact');
  });

  it('is shown to the managers of a station the donor gave to, and to admins over it', async () => {
    // Act
    const manager = await donorAsSeenBy('demo-station-manager');
    const subdistrictAdmin = await donorAsSeenBy('e2e-admin-nanyuan');
    const cityAdmin = await donorAsSeenBy('demo-admin');
    // Assess
    for (const seen of [manager, subdistrictAdmin]) {
      expect(seen.one.contact).toEqual(CONTACT);
      expect(seen.reported.contact).toEqual(CONTACT);
    }
    expect(cityAdmin.one.contact).toEqual(CONTACT);
    expect(cityAdmin.listed.contact).toEqual(CONTACT);
    expect(cityAdmin.reported.contact).toEqual(CONTACT);
  });

  it('is shown to whoever registered the donor, before it has given anything', async () => {
    // Prepare
    const manager = await signIn('e2e-manager-g2');
    const created = await api('POST', '/donors', {
      token: manager,
      body: { name: '第2网格爱心超市', kind: 'enterprise', contact: { name: '孙店长', phone: '13700000000' } },
    });
    // Act
    const byRegistrar = await api('GET', `/donors/${created.body.id}`, { token: manager });
    const byOtherManager = await api('GET', `/donors/${created.body.id}`, { token: await signIn('demo-station-manager') });
    // Assess
    expect(created.status).toBe(201);
    expect(byRegistrar.body.contact).toEqual({ name: '孙店长', phone: '13700000000' });
    expect(byOtherManager.body).not.toHaveProperty('contact');
  });
});
