import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, describe, expect, it } from 'vitest';
import { accessKeyOf } from '../../../infra/local/environment';
import { runAsFunction } from '../../../infra/local/function-scope';
import { OBJECT_SIZE_LIMIT, type ObjectStore, signAsRunningFunction, startObjectStore } from '../../../infra/local/object-store';

const BUCKET = 'grid-service-photos';
const developer = { accessKeyId: 'local', secretAccessKey: 'local' };

const folders: string[] = [];
const stores: ObjectStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const dataFolder = () => {
  const folder = mkdtempSync(join(tmpdir(), 'grid-object-store-test-'));
  folders.push(folder);
  return folder;
};

/** A store on its own port, whose clock the test holds. */
async function aStore(options: { dataDir?: string; clock?: { now: Date } } = {}) {
  const clock = options.clock ?? { now: new Date('2027-03-01T08:00:00Z') };
  const store = await startObjectStore({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), buckets: [BUCKET], developer, now: () => clock.now });
  stores.push(store);
  return { store, clock };
}

/** The SDK's client as the functions make it (shared/aws/s3-client.ts), signing as `credentials`. */
const clientOf = (store: ObjectStore, credentials = developer) =>
  new S3Client({
    endpoint: store.url,
    forcePathStyle: true,
    region: 'cn-north-1',
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

/** The credentials a function signs with locally (infra/local/environment.ts). */
const functionCredentials = (name: string) => ({ accessKeyId: accessKeyOf(name), secretAccessKey: developer.secretAccessKey });

const put = (client: S3Client, key: string, body: string | Buffer = 'bytes', contentType = 'image/jpeg') =>
  client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: contentType }));

const bytesOf = async (client: S3Client, key: string) => {
  const output = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { bytes: Buffer.from(await output.Body!.transformToByteArray()), contentType: output.ContentType, etag: output.ETag, length: output.ContentLength };
};

/** The error a call fails with (its name is what the SDK parsed from S3's XML), or undefined. */
const failureOf = async (call: Promise<unknown>) => {
  try {
    await call;
    return undefined;
  } catch (error) {
    return error as S3ServiceException;
  }
};

const fetched = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), text: Buffer.from(await response.arrayBuffer()) };
};

describe('the local object store', () => {
  it('keeps, reads, copies and deletes objects for the SDK as S3 does, and names a missing key NoSuchKey', async () => {
    // Prepare
    const { store } = await aStore();
    const client = clientOf(store);
    const photo = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));

    // Act
    const written = await put(client, 'pending/u1/display.jpg', photo);
    const read = await bytesOf(client, 'pending/u1/display.jpg');
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'pending/u1/display.jpg' }));
    const copied = await client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'photos/u1/display.jpg', CopySource: `${BUCKET}/pending/u1/display.jpg` }));
    const copy = await bytesOf(client, 'photos/u1/display.jpg');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'p' }));
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'pending/u1/display.jpg' }));
    const againDeleted = await failureOf(client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'pending/u1/display.jpg' })));
    const gone = await failureOf(bytesOf(client, 'pending/u1/display.jpg'));
    const goneHead = await failureOf(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'pending/u1/display.jpg' })));
    const goneSource = await failureOf(
      client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'photos/u2/display.jpg', CopySource: `/${BUCKET}/pending/u1/display.jpg` })),
    );

    // Assess
    expect(read).toEqual({ bytes: photo, contentType: 'image/jpeg', etag: written.ETag, length: 256 });
    expect([head.ContentType, head.ContentLength, head.ETag]).toEqual(['image/jpeg', 256, written.ETag]);
    expect(copied.CopyObjectResult?.ETag).toBe(written.ETag);
    expect(copy).toEqual(read);
    expect(listed.Contents?.map((object) => [object.Key, object.Size])).toEqual([
      ['pending/u1/display.jpg', 256],
      ['photos/u1/display.jpg', 256],
    ]);
    expect(againDeleted).toBeUndefined();
    expect(gone).toBeInstanceOf(NoSuchKey);
    expect([gone?.name, gone?.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
    expect([goneHead?.name, goneHead?.$metadata.httpStatusCode]).toEqual(['NotFound', 404]);
    expect(goneSource?.name).toBe('NoSuchKey');
  });

  it('refuses a request without a signature, so that a key alone opens nothing', async () => {
    // Prepare
    const { store } = await aStore();
    await put(clientOf(store), 'photos/p1/display.jpg');

    // Act
    const guessed = await fetched(`${store.url}/${BUCKET}/photos/p1/display.jpg`);
    const listing = await fetched(`${store.url}/${BUCKET}?list-type=2`);

    // Assess
    expect([guessed.status, guessed.type]).toEqual([403, 'application/xml']);
    expect(guessed.text.toString()).toContain('<Code>AccessDenied</Code>');
    expect(listing.status).toBe(403);
  });

  it('serves a presigned URL to plain fetch until it expires, and never with a tampered signature', async () => {
    // Prepare
    const { store, clock } = await aStore();
    const client = clientOf(store);
    await put(client, 'photos/p1/thumb.jpg', 'thumbnail');
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/thumb.jpg' }), { expiresIn: 300, signingDate: clock.now });
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_, first: string) => `X-Amz-Signature=${first === '0' ? '1' : '0'}`);
    const otherKey = url.replace('photos/p1/thumb.jpg', 'photos/p2/thumb.jpg');

    // Act
    const fresh = await fetched(url);
    const forged = await fetched(tampered);
    const elsewhere = await fetched(otherKey);
    clock.now = new Date(clock.now.getTime() + 301_000);
    const expired = await fetched(url);

    // Assess
    expect([fresh.status, fresh.type, fresh.text.toString()]).toEqual([200, 'image/jpeg', 'thumbnail']);
    expect(forged.status).toBe(403);
    expect(forged.text.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(elsewhere.status).toBe(403);
    expect(expired.status).toBe(403);
    expect(expired.text.toString()).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
  });

  it("takes what the SDK's default client sends: a stream in aws-chunked with a checksum trailer, and its presigned URLs", async () => {
    // Prepare
    const { store, clock } = await aStore();
    // Checksums when supported (the SDK's default), unlike shared/aws/s3-client.ts.
    const client = new S3Client({ endpoint: store.url, forcePathStyle: true, region: 'cn-north-1', credentials: developer });
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, index) => index % 251));

    // Act
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'uploads/streamed', Body: Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), ContentLength: bytes.length }));
    const link = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/streamed' }), { expiresIn: 60, signingDate: clock.now });
    const read = await fetched(link);

    // Assess
    expect(read.status).toBe(200);
    expect(read.text.equals(bytes)).toBe(true);
  });

  it('refuses a wrong secret and an unknown access key', async () => {
    // Prepare
    const { store } = await aStore();

    // Act
    const wrongSecret = await failureOf(put(clientOf(store, { accessKeyId: 'local', secretAccessKey: 'guessed' }), 'uploads/u1'));
    const unknownKey = await failureOf(put(clientOf(store, { accessKeyId: 'AKIASOMEONE', secretAccessKey: 'local' }), 'uploads/u1'));

    // Assess
    expect([wrongSecret?.name, wrongSecret?.$metadata.httpStatusCode]).toEqual(['SignatureDoesNotMatch', 403]);
    expect([unknownKey?.name, unknownKey?.$metadata.httpStatusCode]).toEqual(['InvalidAccessKeyId', 403]);
  });

  it('holds each function to its grants in infra/photo-access.ts, and keeps every refusal', async () => {
    // Prepare
    const { store, clock } = await aStore();
    const admin = clientOf(store);
    await put(admin, 'photos/p1/display.jpg');
    await put(admin, 'pending/u1/display.jpg');
    const uploads = clientOf(store, functionCredentials('uploads'));
    const requests = clientOf(store, functionCredentials('requests'));
    const unknownFunction = clientOf(store, functionCredentials('authorizer'));

    // Act
    const allowedPut = await failureOf(put(uploads, 'uploads/u2'));
    const readPhoto = await failureOf(uploads.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' })));
    const writeOutside = await failureOf(put(uploads, 'photos/p9/display.jpg'));
    const allowedCopy = await failureOf(
      requests.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'photos/u1/display.jpg', CopySource: `${BUCKET}/pending/u1/display.jpg` })),
    );
    const copyFromUploads = await failureOf(
      requests.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'photos/u2/display.jpg', CopySource: `${BUCKET}/uploads/u2` })),
    );
    const missing = await failureOf(requests.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/none/display.jpg' })));
    const signedByUploads = await getSignedUrl(uploads, new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' }), {
      expiresIn: 60,
      signingDate: clock.now,
    });
    const linkFromUploads = await fetched(signedByUploads);
    const noGrants = await failureOf(unknownFunction.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' })));

    // Assess
    expect(allowedPut).toBeUndefined();
    expect(allowedCopy).toBeUndefined();
    for (const refused of [readPhoto, writeOutside, copyFromUploads]) expect([refused?.name, refused?.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    // S3 tells only who may list the bucket that a key does not exist: the others hear AccessDenied.
    expect(missing?.name).toBe('AccessDenied');
    expect(linkFromUploads.status).toBe(403);
    expect(noGrants?.$metadata.httpStatusCode).toBe(403);
    expect(store.denials()).toEqual([
      expect.stringMatching(/^uploads: s3:GetObject on grid-service-photos\/photos\/p1\/display\.jpg: not granted/),
      expect.stringMatching(/^uploads: s3:PutObject on grid-service-photos\/photos\/p9\/display\.jpg: not granted/),
      expect.stringMatching(/^requests: s3:GetObject on grid-service-photos\/uploads\/u2: not granted/),
      expect.stringMatching(/^requests: s3:GetObject on grid-service-photos\/photos\/none\/display\.jpg: the object does not exist/),
      expect.stringMatching(/^uploads: s3:GetObject on grid-service-photos\/photos\/p1\/display\.jpg: not granted/),
      expect.stringMatching(/^authorizer: s3:GetObject on .*: not granted \(infra\/photo-access\.ts grants: none\)/),
    ]);
  });

  it("signs a call and a presigned URL made in the runtime's process as the function whose code runs", async () => {
    // Prepare
    const { store, clock } = await aStore();
    const shared = clientOf(store);
    signAsRunningFunction(shared, developer);
    await put(shared, 'photos/p1/display.jpg');
    const asUploads = <T>(work: () => Promise<T>) =>
      runAsFunction('uploads', work, { environment: { AWS_ACCESS_KEY_ID: accessKeyOf('uploads'), AWS_SECRET_ACCESS_KEY: developer.secretAccessKey } });

    // Act
    const upload = await failureOf(asUploads(() => put(shared, 'uploads/u1')));
    const read = await failureOf(asUploads(() => shared.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' }))));
    const link = await asUploads(() =>
      getSignedUrl(shared, new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' }), { expiresIn: 60, signingDate: clock.now }),
    );
    const outside = await failureOf(shared.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' })));

    // Assess
    expect(upload).toBeUndefined();
    expect(read?.name).toBe('AccessDenied');
    expect(new URL(link).searchParams.get('X-Amz-Credential')).toMatch(/^local-uploads\//);
    expect((await fetched(link)).status).toBe(403);
    expect(outside).toBeUndefined();
  });

  it('keeps objects across a restart on the same data folder', async () => {
    // Prepare
    const dataDir = dataFolder();
    const first = (await aStore({ dataDir })).store;
    await put(clientOf(first), 'photos/p1/display.jpg', 'kept', 'image/jpeg');
    await first.close();

    // Act
    const second = (await aStore({ dataDir })).store;
    const read = await bytesOf(clientOf(second), 'photos/p1/display.jpg');

    // Assess
    expect([read.bytes.toString(), read.contentType]).toEqual(['kept', 'image/jpeg']);
    expect(existsSync(join(dataDir, 'objects', BUCKET, 'photos', 'p1', 'display.jpg'))).toBe(true);
  });

  it('expires what is under uploads/ and pending/ a day after it was written, and keeps photos/', async () => {
    // Prepare
    const dataDir = dataFolder();
    const clock = { now: new Date('2027-03-01T08:00:00Z') };
    const { store } = await aStore({ dataDir, clock });
    const client = clientOf(store);
    for (const key of ['uploads/old', 'pending/old/display.jpg', 'photos/old/display.jpg']) await put(client, key);
    clock.now = new Date('2027-03-01T20:00:00Z');
    await put(client, 'uploads/recent');

    // Act
    const early = store.sweepExpired(new Date('2027-03-02T07:59:00Z'));
    const deleted = store.sweepExpired(new Date('2027-03-02T08:01:00Z'));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));

    // Assess
    expect(early).toEqual([]);
    expect(deleted.sort()).toEqual([`${BUCKET}/pending/old/display.jpg`, `${BUCKET}/uploads/old`]);
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['photos/old/display.jpg', 'uploads/recent']);
    // Nothing is left of the deleted objects, not even their folders.
    expect(existsSync(join(dataDir, 'objects', BUCKET, 'pending'))).toBe(false);
  });

  it('refuses a key that would leave its bucket, and a body over the limit', async () => {
    // Prepare
    const dataDir = dataFolder();
    const { store } = await aStore({ dataDir });
    const client = clientOf(store);

    // Act
    const climbing = await failureOf(put(client, 'uploads/../../escaped'));
    const dotted = await failureOf(put(client, 'uploads/./x'));
    const withNul = await failureOf(put(client, 'uploads/a\0b'));
    const tooBig = await failureOf(put(client, 'uploads/big', Buffer.alloc(OBJECT_SIZE_LIMIT + 1)));

    // Assess
    for (const refused of [climbing, dotted, withNul]) expect([refused?.name, refused?.$metadata.httpStatusCode]).toEqual(['InvalidArgument', 400]);
    expect([tooBig?.name, tooBig?.$metadata.httpStatusCode]).toEqual(['EntityTooLarge', 400]);
    expect(readdirSync(join(dataDir, 'objects')).sort()).toEqual(['.tmp']);
  });
});
