import { describe, expect, it } from 'vitest';
import { localMonthOf } from '../../shared/time/local';
import { saveUser } from '../../shared/users/repository';
import { aUser } from '../support/people';
import { useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

/** Inside lushan-g1 and lushan-g2. */
const inLushanG1 = { lat: 32.003, lng: 118.742 };
const inLushanG2 = { lat: 32.001, lng: 118.746 };
const month = () => localMonthOf(new Date());

describe('monthly reports over HTTP', () => {
  it('gives a city-wide admin the whole city’s figures and its table per grid, as JSON and as CSV for Excel', async () => {
    // Prepare: three requests in Lushan; one of them accepted, resolved and rated 5.
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const admin = await signIn('demo-admin');
    const submit = (categoryId: string, location: { lat: number; lng: number }, attributes = {}) =>
      api('POST', '/requests', { token: resident, body: { categoryId, description: '月报测试', location, attributes } });
    const repaired = await submit('facility-repair', inLushanG1, { facility: 'streetlight' });
    await submit('sanitation', inLushanG1);
    await submit('sanitation', inLushanG2);
    await api('POST', `/requests/${repaired.body.id}/accept`, { token: worker, body: {} });
    await api('POST', `/requests/${repaired.body.id}/resolve`, { token: worker, body: { note: '已修好' } });
    await api('POST', `/requests/${repaired.body.id}/confirm`, { token: resident, body: { rating: 5 } });
    await runtime().bus.idle();

    // Act
    const city = await api('GET', `/reports/monthly?scope=city&month=${month()}`, { token: admin });
    const community = await api('GET', `/reports/monthly?scope=lushan&month=${month()}`, { token: admin });
    const table = await api('GET', `/reports/monthly/grids?scope=city&month=${month()}`, { token: admin });
    const csv = await fetch(`${runtime().url}/reports/monthly/grids?scope=city&month=${month()}&format=csv`, { headers: { authorization: `Bearer ${admin}` } });
    const bytes = Buffer.from(await csv.arrayBuffer());

    // Assess
    expect(city.status).toBe(200);
    expect(city.body.scope).toEqual({ id: 'city', kind: 'city', name: '全市' });
    expect(city.body.overall).toEqual(community.body.overall);
    expect(city.body.overall).toMatchObject({ total: 3, byStatus: { submitted: 2, closed: 1 }, satisfied: { count: 1, of: 1, rate: 1 } });
    expect(city.body.byCategory.map((entry: { categoryId: string }) => entry.categoryId)).toEqual(['sanitation', 'facility-repair']);
    expect(city.body.byCategory[1].figures.medianHoursToResolveBucket).toEqual({ from: 0, to: 1 });
    expect(table.status).toBe(200);
    expect(table.body.categories).toHaveLength(10);
    const sanitation = table.body.categories.findIndex((category: { id: string }) => category.id === 'sanitation');
    const repairs = table.body.categories.findIndex((category: { id: string }) => category.id === 'facility-repair');
    expect(table.body.rows.map((row: { gridId: string; communityName: string; counts: number[]; total: number }) => [row.gridId, row.communityName, row.counts[sanitation], row.counts[repairs], row.total])).toEqual([
      ['lushan-g1', '庐山社区', 1, 1, 2],
      ['lushan-g2', '庐山社区', 1, 0, 1],
    ]);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain(`grids-city-${month()}.csv`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(`网格编号,网格,社区编号,社区,${table.body.categories.map((category: { name: string }) => category.name).join(',')},合计`);
    expect(lines[1]).toMatch(/^lushan-g1,庐山社区第1网格,lushan,庐山社区,/);
    expect(lines.at(-2)).toMatch(/^合计,,,,.*,3$/);
  });

  it('hides the city, and any unit beyond scope, from an admin of another district (404), and refuses other roles (403)', async () => {
    // Prepare
    const cityAdmin = await signIn('demo-admin');
    const created = await api('POST', '/org-units', { token: cityAdmin, body: { id: 'rpt-other', kind: 'district', name: '另一区' } });
    await saveUser(aUser('rpt-district-admin', { role: 'admin', units: ['rpt-other'] }));
    const districtAdmin = await signIn('rpt-district-admin');
    const worker = await signIn('demo-grid-worker');
    const report = (scope: string, token: string, path = '/reports/monthly') => api('GET', `${path}?scope=${scope}&month=${month()}`, { token });

    // Act
    const answers = {
      city: (await report('city', districtAdmin)).status,
      cityTable: (await report('city', districtAdmin, '/reports/monthly/grids')).status,
      otherDistrict: (await report('jianye', districtAdmin)).status,
      otherCommunity: (await report('lushan', districtAdmin, '/reports/monthly/grids')).status,
      own: (await report('rpt-other', districtAdmin)).status,
      workerCity: (await report('city', worker)).status,
      microGrid: (await report('lushan-g1-m1', cityAdmin)).status,
    };
    const own = await report('rpt-other', districtAdmin);

    // Assess
    expect(created.status).toBe(201);
    expect(answers).toEqual({ city: 404, cityTable: 404, otherDistrict: 404, otherCommunity: 404, own: 200, workerCity: 403, microGrid: 400 });
    expect(own.body).toMatchObject({ scope: { id: 'rpt-other', kind: 'district' }, overall: { total: 0 }, byCategory: [] });
  });
});
