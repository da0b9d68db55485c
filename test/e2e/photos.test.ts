import exifr from 'exifr';
import sharp from 'sharp';
import { GetObjectCommand, GetObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documents } from '../../shared/aws/clients';
import { config } from '../../shared/config';
import { photoObjectKey, uploadObjectKey } from '../../shared/photos/objects';
import { keys } from '../../shared/table/design';
import { saveUser } from '../../shared/users/repository';
import { crashBeforeCompletion } from '../support/idempotency';
import { htmlBytes, jpegWithGps, multipartBody, textNamedJpg } from '../support/photos';
import { type ApiResponse, useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

/** Inside lushan-g1, where the demo grid worker is on duty. */
const inLushanG1 = { lat: 32.003, lng: 118.742 };
/** Where the resident stood at home when the photo was taken: what must never leave the upload. */
const home = { latitude: 32.0031, longitude: 118.7422 };

/** Uploads bytes as `wx.uploadFile({ url, filePath, name: 'file', formData })` sends them. */
async function upload(token: string, bytes: Buffer, filename = 'tmp_1a2b3c.jpg', contentType = 'image/jpeg'): Promise<ApiResponse> {
  const form = multipartBody({ field: 'file', filename, contentType, bytes });
  return api('POST', '/uploads', { token, rawBody: form.body, headers: { 'content-type': form.contentType } });
}

/** Uploads a photo and waits for its processing (the bus runs the consumer). */
async function processedUpload(token: string, bytes: Buffer): Promise<string> {
  const sent = await upload(token, bytes);
  if (sent.status !== 201) throw new Error(`upload failed: ${JSON.stringify(sent.body)}`);
  await runtime().bus.idle();
  return sent.body.id as string;
}

const fetchBytes = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
};

/** The bucket as the developer sees it (the runtime's own credentials: allowed everything). */
const developerS3 = () => new S3Client({ endpoint: runtime().objectStoreUrl, forcePathStyle: true });

/** The `photo` tag of an object: whether the lifecycle may expire it. */
async function attachmentTagOf(key: string): Promise<string | undefined> {
  const { TagSet = [] } = await developerS3().send(new GetObjectTaggingCommand({ Bucket: config().photosBucket, Key: key }));
  return TagSet.find((tag) => tag.Key === 'photo')?.Value;
}

/** What the bucket holds at a key. */
async function storedObject(key: string): Promise<Buffer | undefined> {
  const client = developerS3();
  try {
    const output = await client.send(new GetObjectCommand({ Bucket: config().photosBucket, Key: key }));
    return Buffer.from(await output.Body!.transformToByteArray());
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

async function aNeighbour(): Promise<string> {
  await saveUser({ id: 'photos-neighbour', displayName: '邻居', role: 'resident', units: [], stations: [], createdAt: '2026-01-01T00:00:00.000Z', homeGridId: 'lushan-g1' });
  return signIn('photos-neighbour');
}

describe('photos over HTTP, as the mini-program sends them', () => {
  it('takes a resident’s photo with GPS in it, shows it to the grid worker without the location, and adds the worker’s “after” photo', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const neighbour = await aNeighbour();
    const taken = await jpegWithGps({ width: 1600, height: 1200, ...home });

    // Act
    const sent = await upload(resident, taken);
    await runtime().bus.idle();
    const uploaded = await api('GET', `/uploads/${sent.body.id}`, { token: resident });
    const preview = await fetchBytes(uploaded.body.thumbnailUrl);
    const submitted = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'sanitation', description: '楼道里堆满了垃圾', location: inLushanG1, photos: [sent.body.id] },
    });
    const id = submitted.body.id as string;
    const queue = await api('GET', '/me/queue?status=submitted', { token: worker });
    const seenByWorker = await api('GET', `/requests/${id}`, { token: worker });
    const thumbnail = await fetchBytes(seenByWorker.body.photos[0].thumbnailUrl);
    const after = await processedUpload(worker, await jpegWithGps({ width: 800, height: 600, latitude: 32.0, longitude: 118.74 }));
    const accepted = await api('POST', `/requests/${id}/accept`, { token: worker, body: {} });
    const resolved = await api('POST', `/requests/${id}/resolve`, { token: worker, body: { note: '已清理', photos: [after], version: accepted.body.version } });
    await runtime().bus.idle();
    const seenByResident = await api('GET', `/requests/${id}`, { token: resident });
    const served = await Promise.all(seenByResident.body.photos.map((photo: { url: string }) => fetchBytes(photo.url)));
    const seenByNeighbour = await api('GET', `/requests/${id}`, { token: neighbour });
    const guessed = await fetchBytes(`${runtime().objectStoreUrl}/${config().photosBucket}/${photoObjectKey(sent.body.id, 'display')}`);

    // Assess
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'processing', contentType: 'image/jpeg', bytes: taken.length, attached: false });
    expect(sent.headers.get('location')).toBe(`/uploads/${sent.body.id}`);
    expect(uploaded.body).toMatchObject({ status: 'ready', width: 1280, height: 960, thumbnailUrl: expect.any(String) });
    expect(preview).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(submitted.status).toBe(201);
    expect(submitted.body.photos).toEqual([
      expect.objectContaining({ id: sent.body.id, stage: 'report', by: 'demo-resident', url: expect.any(String), thumbnailUrl: expect.any(String) }),
    ]);
    expect(queue.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({ thumbnailUrl: expect.any(String) });
    expect(thumbnail).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(Math.max((await sharp(thumbnail.bytes).metadata()).width!, (await sharp(thumbnail.bytes).metadata()).height!)).toBeLessThanOrEqual(320);
    expect(resolved.status).toBe(200);
    expect(seenByResident.body.photos.map((photo: { id: string; stage: string }) => [photo.id, photo.stage])).toEqual([
      [sent.body.id, 'report'],
      [after, 'resolution'],
    ]);
    // Neither the served images nor anything the bucket keeps carries a location; the originals are gone.
    expect(served.map((image) => image.status)).toEqual([200, 200]);
    for (const image of [thumbnail, ...served]) expect(await exifr.gps(image.bytes)).toBeUndefined();
    for (const photoId of [sent.body.id, after]) {
      expect(await storedObject(uploadObjectKey(photoId))).toBeUndefined();
      for (const variant of ['display', 'thumb'] as const) {
        expect(await exifr.gps((await storedObject(photoObjectKey(photoId, variant)))!)).toBeUndefined();
        // Held by the request: out of the lifecycle's reach.
        expect(await attachmentTagOf(photoObjectKey(photoId, variant))).toBe('attached');
      }
    }
    expect(await exifr.gps(taken)).toMatchObject({ latitude: expect.closeTo(home.latitude, 4) });
    // Someone else's request is not there for the neighbour, and its photo's key alone opens nothing.
    expect(seenByNeighbour.status).toBe(404);
    expect(guessed.status).toBe(403);
  });

  it('refuses what is not a photo, too big, not yours, not ready or too many, and stores or attaches nothing', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const neighbour = await aNeighbour();
    const photo = await jpegWithGps({ width: 400, height: 300, ...home });
    const neighboursUpload = await processedUpload(neighbour, photo);
    const nine = await Promise.all(Array.from({ length: 9 }, () => upload(resident, photo)));
    await runtime().bus.idle();
    const tenth = await processedUpload(resident, photo);
    const submit = (photos: string[]) =>
      api('POST', '/requests', { token: resident, body: { categoryId: 'sanitation', description: '垃圾', location: inLushanG1, photos } });
    const before = await api('GET', '/me/requests?limit=100', { token: resident });

    // Act
    const tooBig = await upload(resident, Buffer.alloc(20 * 1024 * 1024, 0xff));
    const text = await upload(resident, textNamedJpg(), 'lamp.jpg', 'image/jpeg');
    const html = await upload(resident, htmlBytes(), 'lamp.jpg', 'image/jpeg');
    const tenPhotos = await submit([...nine.map((sent) => sent.body.id as string), tenth]);
    const notMine = await submit([neighboursUpload]);
    const unknown = await submit(['no-such-upload']);
    const after = await api('GET', '/me/requests?limit=100', { token: resident });

    // Assess
    expect([tooBig.status, tooBig.body.code]).toEqual([413, 'payload_too_large']);
    expect([text.status, text.body.code]).toEqual([415, 'unsupported_image_type']);
    expect([html.status, html.body.code]).toEqual([415, 'unsupported_image_type']);
    expect(tooBig.headers.get('content-type')).toBe('application/problem+json');
    expect([tenPhotos.status, tenPhotos.body.errors[0].field]).toEqual([400, 'body.photos']);
    // Another person's upload is answered exactly as one that does not exist.
    expect([notMine.status, notMine.body.code]).toEqual([404, 'upload_not_found']);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'upload_not_found']);
    expect(after.body.items.length).toBe(before.body.items.length);
    expect((await api('GET', `/uploads/${neighboursUpload}`, { token: resident })).status).toBe(404);
    expect((await api('GET', `/uploads/${neighboursUpload}`, { token: neighbour })).body).toMatchObject({ status: 'ready', attached: false });
  });

  it('asks to wait for a photo still processing, and refuses one processing could not read or one over a day old', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const photo = await jpegWithGps({ width: 400, height: 300, ...home });
    // A JPEG's signature and then nothing an image library can read.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 0x41)]);
    runtime().bus.hold(true);
    const waiting = await upload(resident, photo);
    const submit = (photos: string[]) =>
      api('POST', '/requests', { token: resident, body: { categoryId: 'sanitation', description: '垃圾', location: inLushanG1, photos } });

    // Act
    const notReady = await submit([waiting.body.id]);
    runtime().bus.hold(false);
    await runtime().bus.idle();
    const rejected = await processedUpload(resident, broken);
    const refusedBroken = await submit([rejected]);
    const old = await processedUpload(resident, photo);
    await documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.upload(old),
        UpdateExpression: 'SET createdAt = :old',
        ExpressionAttributeValues: { ':old': new Date(Date.now() - 25 * 3600_000).toISOString() },
      }),
    );
    const refusedOld = await submit([old]);

    // Assess
    expect([notReady.status, notReady.body.code, notReady.headers.get('retry-after')]).toEqual([409, 'upload_not_ready', '1']);
    expect((await api('GET', `/uploads/${rejected}`, { token: resident })).body).toMatchObject({ status: 'rejected', reason: expect.any(String) });
    expect([refusedBroken.status, refusedBroken.body.code]).toEqual([422, 'upload_rejected']);
    expect([refusedOld.status, refusedOld.body.code]).toEqual([410, 'upload_expired']);
  });

  it('lets the bucket’s lifecycle take a photo nothing holds after two days, never one a request holds', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const photo = await jpegWithGps({ width: 200, height: 150, ...home });
    const held = await processedUpload(resident, photo);
    const loose = await processedUpload(resident, photo);
    await api('POST', '/requests', { token: resident, body: { categoryId: 'sanitation', description: '垃圾', location: inLushanG1, photos: [held] } });
    await runtime().bus.idle();

    // Act
    const dayAfter = runtime().expireObjects(new Date(Date.now() + 25 * 3600_000));
    const threeDaysLater = runtime().expireObjects(new Date(Date.now() + 3 * 24 * 3600_000));

    // Assess
    expect(dayAfter.filter((key) => key.includes(loose))).toEqual([]);
    expect(threeDaysLater).toEqual(expect.arrayContaining([photoObjectKey(loose, 'display'), photoObjectKey(loose, 'thumb')].map((key) => expect.stringContaining(key))));
    expect(threeDaysLater.filter((key) => key.includes(held))).toEqual([]);
    expect(await storedObject(photoObjectKey(held, 'display'))).toBeDefined();
    expect(await storedObject(photoObjectKey(loose, 'display'))).toBeUndefined();
  });

  it('makes one upload when resent after a crash under the same Idempotency-Key, and refuses the key for another file', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const photo = await jpegWithGps({ width: 200, height: 150, ...home });
    const other = await jpegWithGps({ width: 210, height: 150, ...home });
    const send = (bytes: Buffer) => {
      const form = multipartBody({ field: 'file', filename: 'a.jpg', contentType: 'image/jpeg', bytes });
      return api('POST', '/uploads', { token: resident, rawBody: form.body, headers: { 'content-type': form.contentType, 'idempotency-key': 'photos-crash-0001' } });
    };
    const first = await send(photo);
    await crashBeforeCompletion('demo-resident', 'photos-crash-0001');

    // Act
    const resent = await send(photo);
    const reused = await send(other);
    await runtime().bus.idle();

    // Assess
    expect(resent.status).toBe(201);
    expect(resent.body.id).toBe(first.body.id);
    expect(resent.headers.get('idempotent-replayed')).toBe('true');
    expect([reused.status, reused.body.code]).toEqual([422, 'idempotency_key_reused']);
    const announced = runtime().bus.published.filter((event) => event['detail-type'] === 'photo.uploaded' && (event.detail as { data: { uploadId: string } }).data.uploadId === first.body.id);
    expect(announced).toHaveLength(1);
  });

  it('serves a photo’s link until it expires and never after, and never with a tampered signature', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const id = await processedUpload(resident, await jpegWithGps({ width: 400, height: 300, ...home }));
    const submitted = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'sanitation', description: '垃圾', location: inLushanG1, photos: [id] },
    });
    const link = submitted.body.photos[0].url as string;
    const tampered = link.replace(/X-Amz-Signature=([0-9a-f])/, (_, first: string) => `X-Amz-Signature=${first === '0' ? '1' : '0'}`);
    const client = new S3Client({ endpoint: runtime().objectStoreUrl, forcePathStyle: true });
    const expiring = await getSignedUrl(client, new GetObjectCommand({ Bucket: config().photosBucket, Key: photoObjectKey(id, 'display') }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });

    // Act
    const fresh = await fetchBytes(link);
    const forged = await fetchBytes(tampered);
    const expired = await fetchBytes(expiring);

    // Assess
    expect(fresh.status).toBe(200);
    expect(submitted.body.photos[0].urlsExpireAt).toBe(new Date(Date.parse(submitted.body.photos[0].urlsExpireAt)).toISOString());
    expect(forged.status).toBe(403);
    expect(expired.status).toBe(403);
    expect(expired.bytes.toString()).toContain('Request has expired');
  });
});
