import { describe, expect, it } from 'vitest';
import { dailyHours } from '../../infra/local/seeds/stations';
import { saveUser } from '../../shared/users/repository';
import { jpegWithGps, multipartBody } from '../support/photos';
import { type ApiResponse, useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

/** Opened by the test around the clock, so that checking in never depends on the hour it runs. */
const stationId = 'photo-station';
const stationLocation = { lat: 32.00362, lng: 118.74262 };
/** Where the photos were taken: what processing strips. */
const taken = { latitude: 32.0036, longitude: 118.7426 };

/** Uploads a photo as `wx.uploadFile` sends it, and waits for its processing (the bus runs the consumer). */
async function processedUpload(token: string, width = 640, height = 480): Promise<string> {
  const form = multipartBody({ field: 'file', filename: 'tmp_5d7e9f.jpg', contentType: 'image/jpeg', bytes: await jpegWithGps({ width, height, ...taken }) });
  const sent = await api('POST', '/uploads', { token, rawBody: form.body, headers: { 'content-type': form.contentType } });
  if (sent.status !== 201) throw new Error(`upload failed: ${sent.status} ${JSON.stringify(sent.body)}`);
  await runtime().bus.idle();
  return sent.body.id as string;
}

/** `count` processed uploads of one person, sent together and processed together. */
async function processedUploads(token: string, count: number): Promise<string[]> {
  const form = multipartBody({ field: 'file', bytes: await jpegWithGps({ width: 320, height: 240, ...taken }) });
  const sent = await Promise.all(
    Array.from({ length: count }, () => api('POST', '/uploads', { token, rawBody: form.body, headers: { 'content-type': form.contentType } })),
  );
  if (sent.some((response) => response.status !== 201)) throw new Error(`uploads failed: ${JSON.stringify(sent.map((response) => response.body))}`);
  await runtime().bus.idle();
  return sent.map((response) => response.body.id as string);
}

const fetchImage = async (url: string) => {
  const response = await fetch(url);
  await response.arrayBuffer();
  return { status: response.status, type: response.headers.get('content-type') };
};

const ok = async (status: number, call: Promise<ApiResponse>) => {
  const response = await call;
  if (response.status !== status) throw new Error(`setting up: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};

let opened: Promise<void> | undefined;

/** The station the scenarios use, run by the demo station manager (opened once for the file). */
function openStation(): Promise<void> {
  opened ??= (async () => {
    const admin = await signIn('demo-admin');
    await ok(
      201,
      api('POST', '/stations', {
        token: admin,
        body: {
          id: stationId,
          name: '庐山路口宁小蜂驿站（照片）',
          address: '南京市建邺区庐山路与南苑路交叉口',
          location: stationLocation,
          gridId: 'lushan-g1',
          hours: dailyHours('00:00', '24:00'),
          seats: { total: 6, reservable: 2 },
          amenities: ['air_conditioning', 'drinking_water'],
          managers: ['demo-station-manager'],
        },
      }),
    );
    await runtime().bus.idle();
  })();
  return opened;
}

/** A facility newly registered at the station by its manager. */
async function aFacility(manager: string, kind = 'air_conditioner'): Promise<string> {
  await openStation();
  const donor = await ok(201, api('POST', '/donors', { token: manager, body: { name: '庐山路商户联合会', kind: 'social_organisation' } }));
  const facility = await ok(201, api('POST', '/facilities', {
    token: manager,
    body: { kind, donorId: donor.id, stationId, donatedOn: '2026-06-01', declaredValueYuan: 2899 },
  }));
  return facility.id as string;
}

async function aPerson(id: string, role: 'resident' | 'station_manager'): Promise<string> {
  await saveUser({ id, displayName: id, role, units: [], stations: [], createdAt: '2026-01-01T00:00:00.000Z', ...(role === 'resident' ? { homeGridId: 'lushan-g1' } : {}) });
  return signIn(id);
}

describe('photos of facilities and stations, over HTTP', () => {
  it('shows the photo of a fault reported by a worker at the station to its manager, and the repair’s “after” photo to everyone', async () => {
    // Prepare
    const manager = await signIn('demo-station-manager');
    const worker = await signIn('demo-outdoor-worker');
    const resident = await signIn('demo-resident');
    const airCon = await aFacility(manager);
    await ok(201, api('POST', `/stations/${stationId}/check-ins`, { token: worker }));
    const broken = await processedUpload(worker, 1600, 1200);

    // Act
    const reported = await api('POST', `/facilities/${airCon}/faults`, { token: worker, body: { description: '空调不制冷，出风口滴水', photos: [broken] } });
    const seenByManager = await api('GET', `/facilities/${airCon}`, { token: manager });
    const faultLine = seenByManager.body.log.find((line: { action: string }) => line.action === 'fault_reported');
    const faultImage = await fetchImage(faultLine.photos[0].url);
    const faultThumbnail = await fetchImage(faultLine.photos[0].thumbnailUrl);
    const repairing = await api('POST', `/facilities/${airCon}/repairs`, { token: manager, body: { note: '已联系维修师傅' } });
    const after = await processedUpload(manager);
    const restored = await api('POST', `/facilities/${airCon}/restore`, { token: manager, body: { note: '补充冷媒', condition: 'good', photos: [after] } });
    const seenByResident = await api('GET', `/facilities/${airCon}`, { token: resident });
    const restoreLine = seenByResident.body.log.find((line: { action: string }) => line.action === 'restored');
    const afterImage = await fetchImage(restoreLine.photos[0].url);
    const inventory = await api('GET', `/stations/${stationId}/facilities`, { token: resident });
    const attachedUpload = await api('GET', `/uploads/${broken}`, { token: worker });

    // Assess
    expect(reported.status).toBe(200);
    expect(reported.body.status).toBe('fault_reported');
    expect(faultLine).toMatchObject({ by: 'demo-outdoor-worker', note: '空调不制冷，出风口滴水' });
    expect(faultLine.photos).toEqual([
      expect.objectContaining({ id: broken, stage: 'fault', by: 'demo-outdoor-worker', width: 1280, height: 960, url: expect.any(String), thumbnailUrl: expect.any(String) }),
    ]);
    expect(faultImage).toEqual({ status: 200, type: 'image/jpeg' });
    expect(faultThumbnail).toEqual({ status: 200, type: 'image/jpeg' });
    expect(repairing.body.status).toBe('under_repair');
    expect(restored.status).toBe(200);
    expect(restored.body.log.at(-1).photos).toEqual([expect.objectContaining({ id: after, stage: 'repair', by: 'demo-station-manager' })]);
    expect(restoreLine.photos).toEqual([expect.objectContaining({ id: after, stage: 'repair', url: expect.any(String) })]);
    expect(afterImage).toEqual({ status: 200, type: 'image/jpeg' });
    // A list carries references, never a signed URL of a fault photo.
    const listed = inventory.body.items.find((item: { id: string }) => item.id === airCon);
    expect(listed).toMatchObject({ status: 'in_service', photos: [] });
    expect(listed).not.toHaveProperty('thumbnailUrl');
    expect(JSON.stringify(listed)).not.toContain('X-Amz-Signature');
    expect(attachedUpload.body).toMatchObject({ attached: true });
  });

  it('takes ten pictures of a station from its manager, refuses the eleventh and attaches nothing, and shows them to everyone', async () => {
    // Prepare
    await openStation();
    const manager = await signIn('demo-station-manager');
    const resident = await signIn('demo-resident');
    const [first, ...rest] = await processedUploads(manager, 11);
    const nine = [first!, ...rest.slice(0, 8)];
    const tenth = rest[8]!;
    const eleventh = rest[9]!;

    // Act
    const added = await api('POST', `/stations/${stationId}/photos`, { token: manager, body: { photos: nine } });
    const resent = await api('POST', `/stations/${stationId}/photos`, { token: manager, body: { photos: [tenth, first] } });
    const refused = await api('POST', `/stations/${stationId}/photos`, { token: manager, body: { photos: [eleventh] } });
    const seen = await api('GET', `/stations/${stationId}`, { token: resident });
    const image = await fetchImage(seen.body.photos[9].url);
    const community = await api('GET', '/communities/lushan/stations?limit=100', { token: resident });
    const search = await api('GET', `/stations?lat=${stationLocation.lat}&lng=${stationLocation.lng}&radius=500`, { token: resident });
    const notAttached = await api('GET', `/uploads/${eleventh}`, { token: manager });

    // Assess
    expect(added.status).toBe(200);
    expect(added.body.photos).toHaveLength(9);
    // The picture it had already is not added twice.
    expect(resent.status).toBe(200);
    expect(resent.body.photos.map((photo: { id: string }) => photo.id)).toEqual([...nine, tenth]);
    expect([refused.status, refused.body.code]).toEqual([409, 'photo_limit_reached']);
    expect(seen.body.photos).toHaveLength(10);
    expect(seen.body.photos.map((photo: { id: string }) => photo.id)).not.toContain(eleventh);
    expect(seen.body.photos[0]).toMatchObject({ id: first, stage: 'gallery', by: 'demo-station-manager', url: expect.any(String), thumbnailUrl: expect.any(String), urlsExpireAt: expect.any(String) });
    expect(image).toEqual({ status: 200, type: 'image/jpeg' });
    expect(notAttached.body).toMatchObject({ status: 'ready', attached: false });
    // Lists carry the first picture's thumbnail only.
    for (const listed of [community, search].map((page) => page.body.items.find((item: { id: string }) => item.id === stationId))) {
      expect(listed).toMatchObject({ thumbnailUrl: expect.any(String) });
      expect(listed).not.toHaveProperty('photos');
    }
  });

  it('answers someone else’s upload as one that does not exist, and leaves the fault and the gallery as they were', async () => {
    // Prepare
    const manager = await signIn('demo-station-manager');
    const worker = await signIn('demo-outdoor-worker');
    const neighbour = await aPerson('facility-photos-neighbour', 'resident');
    const fan = await aFacility(manager, 'fan');
    const theirs = await processedUpload(neighbour);
    await api('POST', `/stations/${stationId}/check-ins`, { token: worker });
    const stationBefore = await api('GET', `/stations/${stationId}`, { token: manager });
    const facilityBefore = await api('GET', `/facilities/${fan}`, { token: manager });

    // Act
    const fault = await api('POST', `/facilities/${fan}/faults`, { token: worker, body: { description: '不转了', photos: [theirs] } });
    const gallery = await api('POST', `/stations/${stationId}/photos`, { token: manager, body: { photos: [theirs] } });
    const facilityGallery = await api('POST', `/facilities/${fan}/photos`, { token: manager, body: { photos: [theirs] } });
    const unknown = await api('POST', `/facilities/${fan}/faults`, { token: worker, body: { description: '不转了', photos: ['no-such-upload'] } });
    const stationAfter = await api('GET', `/stations/${stationId}`, { token: manager });
    const facilityAfter = await api('GET', `/facilities/${fan}`, { token: manager });

    // Assess
    for (const refused of [fault, gallery, facilityGallery, unknown]) expect([refused.status, refused.body.code]).toEqual([404, 'upload_not_found']);
    expect(facilityAfter.body).toMatchObject({ status: 'in_service', version: facilityBefore.body.version, photos: [] });
    expect(facilityAfter.body.log).toHaveLength(facilityBefore.body.log.length);
    expect(stationAfter.headers.get('etag')).toBe(stationBefore.headers.get('etag'));
    expect(stationAfter.body.photos.map((photo: { id: string }) => photo.id)).toEqual(stationBefore.body.photos.map((photo: { id: string }) => photo.id));
    expect((await api('GET', `/uploads/${theirs}`, { token: neighbour })).body).toMatchObject({ attached: false });
  });

  it('lets the station’s manager add and remove pictures of a facility, lists it with a thumbnail, and refuses another station’s manager', async () => {
    // Prepare
    const manager = await signIn('demo-station-manager');
    const resident = await signIn('demo-resident');
    const otherManager = await aPerson('facility-photos-other-manager', 'station_manager');
    const fridge = await aFacility(manager, 'fridge');
    const [front, side] = await processedUploads(manager, 2);
    const theirs = await processedUpload(otherManager);

    // Act
    const added = await api('POST', `/facilities/${fridge}/photos`, { token: manager, body: { photos: [front, side] } });
    const listed = await api('GET', `/stations/${stationId}/facilities?limit=100`, { token: resident });
    const removed = await api('DELETE', `/facilities/${fridge}/photos/${front}`, { token: manager });
    const removedAgain = await api('DELETE', `/facilities/${fridge}/photos/${front}`, { token: manager });
    const byOther = await api('POST', `/facilities/${fridge}/photos`, { token: otherManager, body: { photos: [theirs] } });
    const removeByOther = await api('DELETE', `/facilities/${fridge}/photos/${side}`, { token: otherManager });
    const seen = await api('GET', `/facilities/${fridge}`, { token: resident });

    // Assess
    expect(added.status).toBe(200);
    expect(added.body.photos.map((photo: { id: string; stage: string }) => [photo.id, photo.stage])).toEqual([
      [front, 'gallery'],
      [side, 'gallery'],
    ]);
    const row = listed.body.items.find((item: { id: string }) => item.id === fridge);
    expect(row).toMatchObject({ thumbnailUrl: expect.stringContaining(`/photos/${front}/thumb.jpg`) });
    expect(row.photos.map((photo: { id: string }) => photo.id)).toEqual([front, side]);
    expect(await fetchImage(row.thumbnailUrl)).toEqual({ status: 200, type: 'image/jpeg' });
    expect(removed.body.photos.map((photo: { id: string }) => photo.id)).toEqual([side]);
    expect([removedAgain.status, removedAgain.body.code]).toEqual([404, 'not_found']);
    expect([byOther.status, removeByOther.status]).toEqual([403, 403]);
    expect(seen.body.photos.map((photo: { id: string }) => photo.id)).toEqual([side]);
  });
});
