import { describe, expect, it } from 'vitest';
import { type OpenRequest, nearbyRequests } from '../../../shared/requests/nearby';

const centre = { lat: 32.0041, lng: 118.7412 };
const open = (id: string, location: OpenRequest['location'], createdAt = '2026-08-01T08:00:00.000Z'): OpenRequest => ({
  id,
  categoryId: 'sanitation',
  categoryName: '环境卫生',
  status: 'submitted',
  createdAt,
  ...(location ? { location } : {}),
  residentId: 'someone',
  followers: 2,
});
const options = { centre, radiusMetres: 300, coordSystem: 'wgs84' as const, callerId: 'me', followed: new Set(['near']) };

describe('which open requests a resident about to report is shown', () => {
  it('shows those within the radius, nearest first, with a rounded location and no resident', () => {
    // Prepare
    const found = [open('farther', { lat: 32.0061, lng: 118.7412 }), open('near', { lat: 32.00412, lng: 118.74123 }), open('far', { lat: 32.0141, lng: 118.7412 })];

    // Act
    const shown = nearbyRequests(found, options);

    // Assess
    expect(shown.map((request) => request.id)).toEqual(['near', 'farther']);
    expect(shown[0]).toEqual({
      id: 'near',
      categoryId: 'sanitation',
      categoryName: '环境卫生',
      status: 'submitted',
      submittedAt: '2026-08-01T08:00:00.000Z',
      location: { lat: 32.004, lng: 118.741, coordSystem: 'wgs84' },
      distanceMetres: 0,
      followers: 2,
      following: true,
      mine: false,
    });
    expect(shown[1]!.distanceMetres).toBe(220);
  });

  it('leaves out a request placed by an address only, and says which requests are the caller’s', () => {
    // Prepare
    const found = [open('no-place', undefined), { ...open('mine', centre), residentId: 'me' }];

    // Act
    const shown = nearbyRequests(found, options);

    // Assess
    expect(shown.map((request) => [request.id, request.mine])).toEqual([['mine', true]]);
  });

  it('shows the location in GCJ-02 when asked, still rounded', () => {
    // Act
    const [shown] = nearbyRequests([open('near', centre)], { ...options, coordSystem: 'gcj02' });

    // Assess
    expect(shown!.location.coordSystem).toBe('gcj02');
    expect(shown!.location.lat).not.toBe(32.004);
    expect(String(shown!.location.lng).split('.')[1]!.length).toBeLessThanOrEqual(3);
  });
});
