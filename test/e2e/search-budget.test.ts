import { describe, expect, it } from 'vitest';
import { useRuntime } from '../support/runtime';

// A service area as wide as the world: only the search budget stands between a polar search and
// the ~24,000 Queries its circle would need (geohash cells narrow towards the poles).
const { api, signIn } = useRuntime({ serviceArea: '-90,-180,90,180' });

describe('the cost budget of a station search, over HTTP', () => {
  it('refuses a 5 km search at the North Pole as too broad when the service area would allow it', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    // Act
    const polar = await api('GET', '/stations?lat=90&lng=0&radius=5000', { token: worker });
    // Assess
    expect(polar.status).toBe(400);
    expect(polar.body.code).toBe('search_too_broad');
  });

  it('still answers a 5 km search in Nanjing under the same budget', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    // Act
    const nanjing = await api('GET', '/stations?lat=32.0036&lng=118.7426&radius=5000', { token: worker });
    // Assess
    expect(nanjing.status).toBe(200);
    expect(nanjing.body.items.map((item: { id: string }) => item.id)).toContain('lushan-station');
  });
});
