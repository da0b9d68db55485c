import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import type { PhotoRef } from '../../../shared/photos/model';
import { viewOf } from '../../../shared/stations/domain';
import { planStationPhotoRemoval, planStationPhotos } from '../../../shared/stations/gallery';
import { STATION_GALLERY_MAX } from '../../../shared/stations/terms';
import { demoStation } from '../../../infra/local/seeds/stations';
import { problemThrownBy } from '../../support/problems';

const now = new Date('2026-07-01T04:00:00.000Z');
const who = (userId: string, role: Identity['role'], extra: Partial<Identity> = {}): Identity => ({ userId, role, units: [], ...extra });
const manager = who('demo-station-manager', 'station_manager');

const photos = (prefix: string, count: number): PhotoRef[] =>
  Array.from({ length: count }, (_, index) => ({ id: `${prefix}-${index + 1}`, stage: 'gallery', by: manager.userId, at: now.toISOString(), width: 1280, height: 960 }));

const problemOf = problemThrownBy;

describe('pictures of a station', () => {
  it('takes pictures from its managers up to the limit, refuses one more without adding any, and moves the version on', () => {
    // Prepare
    const withNine = planStationPhotos(manager, demoStation, photos('a', 9), now)!;

    // Act
    const withTen = planStationPhotos(manager, withNine, photos('b', 1), now)!;
    const eleventh = problemOf(() => planStationPhotos(manager, withTen, photos('c', 1), now));

    // Assess
    expect(withTen.photos).toHaveLength(STATION_GALLERY_MAX);
    expect(withTen).toMatchObject({ version: demoStation.version + 2, updatedAt: now.toISOString() });
    expect(eleventh).toEqual({ status: 409, code: 'photo_limit_reached' });
  });

  it('adds a picture it has once only, and removes only one it has', () => {
    // Prepare
    const withTwo = planStationPhotos(manager, demoStation, photos('a', 2), now)!;

    // Act
    const again = planStationPhotos(manager, withTwo, photos('a', 2), now);
    const removed = planStationPhotoRemoval(manager, withTwo, 'a-2', now);
    const unknown = problemOf(() => planStationPhotoRemoval(manager, withTwo, 'nope', now));

    // Assess
    expect(again).toBeUndefined();
    expect(removed.photos?.map((photo) => photo.id)).toEqual(['a-1']);
    expect(unknown).toEqual({ status: 404, code: 'not_found' });
  });

  it('refuses other stations’ managers, admins elsewhere and visitors with a 403, as the station is public', () => {
    // Act
    const refusals = [who('m2', 'station_manager'), who('admin-b', 'admin', { units: ['xinglong'] }), who('r', 'resident')].map((identity) =>
      problemOf(() => planStationPhotos(identity, demoStation, photos('x', 1), now)),
    );
    const adminOver = planStationPhotos(who('admin-lushan', 'admin', { units: ['lushan'] }), demoStation, photos('x', 1), now);

    // Assess
    expect(refusals).toEqual([403, 403, 403].map((status) => ({ status, code: 'forbidden' })));
    expect(adminOver?.photos).toHaveLength(1);
  });

  it('leaves the references out of the plain view, which signs nothing', () => {
    // Prepare
    const station = planStationPhotos(manager, demoStation, photos('a', 2), now)!;

    // Act
    const view = viewOf({ station, visits: [] }, now);

    // Assess
    expect(view).not.toHaveProperty('photos');
  });
});
