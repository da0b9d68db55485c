import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { MAX_LOG_BYTES, logLineBytes, planGalleryPhotos, planGalleryRemoval, planTransition } from '../../../shared/facilities/domain';
import type { Facility } from '../../../shared/facilities/model';
import { FACILITY_GALLERY_MAX, FACILITY_LOG_PHOTOS_MAX } from '../../../shared/facilities/terms';
import type { PhotoRef, PhotoStage } from '../../../shared/photos/model';
import { demoFacilities } from '../../../infra/local/seeds/facilities';
import { demoStation } from '../../../infra/local/seeds/stations';
import { problemThrownBy } from '../../support/problems';

const now = new Date('2026-07-01T04:00:00.000Z');
const who = (userId: string, role: Identity['role'], extra: Partial<Identity> = {}): Identity => ({ userId, role, units: [], ...extra });
/** Named in the seeded station's managers list. */
const manager = who('demo-station-manager', 'station_manager');
const airCon = demoFacilities[0]!;

/** `count` photo references with ids `<prefix>-1`…, as an attachment answers them. */
const photos = (prefix: string, count: number, stage: PhotoStage = 'gallery'): PhotoRef[] =>
  Array.from({ length: count }, (_, index) => ({ id: `${prefix}-${index + 1}`, stage, by: 'demo-station-manager', at: now.toISOString(), width: 1280, height: 960 }));

const problemOf = problemThrownBy;

const logPhotos = (facility: Facility) => facility.log.flatMap((line) => (line.photos ?? []).map((photo) => photo.id));

describe('a facility’s fault and repair photos', () => {
  it('keeps a fault’s photos on its log line and the repair’s on the restore', () => {
    // Act
    const reported = planTransition(airCon, 'fault_reported', 'worker', now, { note: '不制冷', photos: photos('fault', 2, 'fault') }).facility;
    const restored = planTransition(reported, 'restored', 'demo-station-manager', now, { photos: photos('after', 1, 'repair') }).facility;
    const plain = planTransition(airCon, 'fault_reported', 'worker', now, { note: '不转', photos: [] }).entry;

    // Assess
    expect(restored.log.slice(-2).map((line) => [line.action, line.photos?.map((photo) => [photo.id, photo.stage])])).toEqual([
      ['fault_reported', [['fault-1', 'fault'], ['fault-2', 'fault']]],
      ['restored', [['after-1', 'repair']]],
    ]);
    expect(plain).not.toHaveProperty('photos');
  });

  it('keeps only the latest photos however often the facility breaks, older lines keeping their words', () => {
    // Prepare
    let facility = airCon;

    // Act: twenty rounds of a fault with nine photos and a restore with nine more.
    for (let round = 0; round < 20; round += 1) {
      facility = planTransition(facility, 'fault_reported', 'worker', now, { note: '坏'.repeat(500), photos: photos(`f${round}`, 9, 'fault') }).facility;
      facility = planTransition(facility, 'restored', 'demo-station-manager', now, { note: '修好', photos: photos(`r${round}`, 9, 'repair') }).facility;
    }

    // Assess
    const kept = logPhotos(facility);
    expect(kept).toHaveLength(FACILITY_LOG_PHOTOS_MAX);
    // The last round's eighteen and the twelve before them, the newest lines whole.
    expect(kept.slice(-18)).toEqual([...photos('f19', 9), ...photos('r19', 9)].map((photo) => photo.id));
    expect(facility.log.filter((line) => line.action === 'fault_reported').length).toBeGreaterThan(2);
    expect(facility.log.reduce((sum, line) => sum + logLineBytes(line), 0)).toBeLessThanOrEqual(MAX_LOG_BYTES);
  });
});

describe('pictures of a facility', () => {
  it('takes pictures from the station’s managers up to the limit, and refuses one more without adding any', () => {
    // Prepare
    const withNine = planGalleryPhotos(manager, airCon, demoStation, photos('a', 9))!;

    // Act
    const withTen = planGalleryPhotos(manager, withNine, demoStation, photos('b', 1))!;
    const eleventh = problemOf(() => planGalleryPhotos(manager, withTen, demoStation, photos('c', 1)));
    const twoMore = problemOf(() => planGalleryPhotos(manager, withNine, demoStation, photos('c', 2)));

    // Assess
    expect(withTen.photos).toHaveLength(FACILITY_GALLERY_MAX);
    expect(withTen.version).toBe(airCon.version + 2);
    expect(eleventh).toEqual({ status: 409, code: 'photo_limit_reached' });
    expect(twoMore).toEqual({ status: 409, code: 'photo_limit_reached' });
  });

  it('adds a picture it has once only, so a resent request changes nothing', () => {
    // Prepare
    const withTwo = planGalleryPhotos(manager, airCon, demoStation, photos('a', 2))!;

    // Act
    const again = planGalleryPhotos(manager, withTwo, demoStation, photos('a', 2));
    const oneNew = planGalleryPhotos(manager, withTwo, demoStation, photos('a', 3))!;

    // Assess
    expect(again).toBeUndefined();
    expect(oneNew.photos?.map((photo) => photo.id)).toEqual(['a-1', 'a-2', 'a-3']);
  });

  it('lets only the station’s managers and admins over it add or remove pictures, and removes only one it has', () => {
    // Prepare
    const withTwo = planGalleryPhotos(manager, airCon, demoStation, photos('a', 2))!;
    const adminOver = who('admin-lushan', 'admin', { units: ['lushan'] });

    // Act
    const removed = planGalleryRemoval(adminOver, withTwo, demoStation, 'a-1');
    const unknown = problemOf(() => planGalleryRemoval(manager, withTwo, demoStation, 'nope'));
    const otherManager = problemOf(() => planGalleryPhotos(who('m2', 'station_manager'), airCon, demoStation, photos('x', 1)));
    const adminElsewhere = problemOf(() => planGalleryRemoval(who('admin-b', 'admin', { units: ['xinglong'] }), withTwo, demoStation, 'a-1'));
    const resident = problemOf(() => planGalleryPhotos(who('r', 'resident'), airCon, demoStation, photos('x', 1)));

    // Assess
    expect(removed.photos?.map((photo) => photo.id)).toEqual(['a-2']);
    expect(unknown).toEqual({ status: 404, code: 'not_found' });
    expect([otherManager?.status, adminElsewhere?.status, resident?.status]).toEqual([403, 403, 403]);
  });
});
