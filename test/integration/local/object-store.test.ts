import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, describe, expect, it } from 'vitest';
import { accessKeyOf } from '../../../infra/local/environment';
import { runAsFunction } from '../../../infra/local/function-scope';
import { OBJECT_SIZE_LIMIT, type ObjectStore, signAsRunningFunction, startObjectStore } from '../../../infra/local/object-store';
import { ATTACHED_TAG, UNATTACHED_TAG } from '../../../shared/photos/objects';

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

/** `x-amz-tagging` for one tag, as shared/photos/storage.ts writes a processed photo. */
const taggingOf = (tag: { key: string; value: string }) => `${encodeURIComponent(tag.key)}=${encodeURIComponent(tag.value)}`;

const putTagged = (client: S3Client, key: string, tagging: string) =>
  client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'bytes', ContentType: 'image/jpeg', Tagging: tagging }));

const tagObject = (client: S3Client, key: string, tags: Readonly<Record<string, string>>) =>
  client.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: key, Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } }));

const tagsOf = async (client: S3Client, key: string) => {
  const { TagSet = [] } = await client.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: key }));
  return Object.fromEntries(TagSet.map((tag) => [tag.Key, tag.Value]));
};

/**
 * Has the client change each request's body before the SDK adds its length and checksum, and set
 * or drop (`undefined`) headers after, before it signs: to send what the SDK itself never would.
 */
function tamper(client: S3Client, change: { body?: string; headers?: Readonly<Record<string, string | undefined>> }): S3Client {
  type Request = { body?: unknown; headers: Record<string, string> };
  client.middlewareStack.add(
    (next) => async (args) => {
      if (change.body !== undefined) (args.request as Request).body = change.body;
      return next(args);
    },
    { step: 'build', priority: 'high' },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as Request).headers;
      for (const [name, value] of Object.entries(change.headers ?? {})) {
        if (value === undefined) delete headers[name];
        else headers[name] = value;
      }
      return next(args);
    },
    { step: 'build', priority: 'low' },
  );
  return client;
}

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
    const written = await put(client, 'uploads/u1', photo);
    const read = await bytesOf(client, 'uploads/u1');
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' }));
    const copied = await client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'photos/u1/display.jpg', CopySource: `${BUCKET}/uploads/u1` }));
    const copy = await bytesOf(client, 'photos/u1/display.jpg');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' }));
    const againDeleted = await failureOf(client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' })));
    const gone = await failureOf(bytesOf(client, 'uploads/u1'));
    const goneHead = await failureOf(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' })));
    const goneSource = await failureOf(client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'photos/u2/display.jpg', CopySource: `/${BUCKET}/uploads/u1` })));

    // Assess
    expect(read).toEqual({ bytes: photo, contentType: 'image/jpeg', etag: written.ETag, length: 256 });
    expect([head.ContentType, head.ContentLength, head.ETag]).toEqual(['image/jpeg', 256, written.ETag]);
    expect(copied.CopyObjectResult?.ETag).toBe(written.ETag);
    expect(copy).toEqual(read);
    expect(listed.Contents?.map((object) => [object.Key, object.Size])).toEqual([
      ['photos/u1/display.jpg', 256],
      ['uploads/u1', 256],
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
    await put(admin, 'uploads/u1');
    const uploads = clientOf(store, functionCredentials('uploads'));
    const processing = clientOf(store, functionCredentials('photo-processing'));
    const requests = clientOf(store, functionCredentials('requests'));
    const unknownFunction = clientOf(store, functionCredentials('authorizer'));

    // Act
    const allowedPut = await failureOf(put(uploads, 'uploads/u2'));
    const readUpload = await failureOf(uploads.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' })));
    const writeOutside = await failureOf(put(uploads, 'photos/p9/display.jpg'));
    const allowedCopy = await failureOf(processing.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'photos/u1/display.jpg', CopySource: `${BUCKET}/uploads/u1` })));
    const copyFromPhotos = await failureOf(
      processing.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'photos/p2/display.jpg', CopySource: `${BUCKET}/photos/p1/display.jpg` })),
    );
    const missing = await failureOf(requests.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/none/display.jpg' })));
    const signedByUploads = await getSignedUrl(uploads, new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' }), { expiresIn: 60, signingDate: clock.now });
    const linkFromUploads = await fetched(signedByUploads);
    const noGrants = await failureOf(unknownFunction.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' })));

    // Assess
    expect(allowedPut).toBeUndefined();
    expect(allowedCopy).toBeUndefined();
    for (const refused of [readUpload, writeOutside, copyFromPhotos]) expect([refused?.name, refused?.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    // S3 tells only who may list the bucket that a key does not exist: the others hear AccessDenied.
    expect(missing?.name).toBe('AccessDenied');
    expect(linkFromUploads.status).toBe(403);
    expect(noGrants?.$metadata.httpStatusCode).toBe(403);
    expect(store.denials()).toEqual([
      expect.stringMatching(/^uploads: s3:GetObject on grid-service-photos\/uploads\/u1: not granted/),
      expect.stringMatching(/^uploads: s3:PutObject on grid-service-photos\/photos\/p9\/display\.jpg: not granted/),
      expect.stringMatching(/^photo-processing: s3:GetObject on grid-service-photos\/photos\/p1\/display\.jpg: not granted/),
      expect.stringMatching(/^requests: s3:GetObject on grid-service-photos\/photos\/none\/display\.jpg: the object does not exist/),
      expect.stringMatching(/^uploads: s3:GetObject on grid-service-photos\/uploads\/u1: not granted/),
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
    const read = await failureOf(asUploads(() => shared.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' }))));
    const link = await asUploads(() => getSignedUrl(shared, new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' }), { expiresIn: 60, signingDate: clock.now }));
    const outside = await failureOf(shared.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' })));

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

  it('keeps the tags an object is written with, changes them with PutObjectTagging, and leaves its bytes and age alone', async () => {
    // Prepare
    const { store, clock } = await aStore();
    const client = clientOf(store);
    const written = await putTagged(client, 'photos/p1/display.jpg', taggingOf(UNATTACHED_TAG));
    const before = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' }));
    clock.now = new Date(clock.now.getTime() + 3600_000);

    // Act
    const asWritten = await tagsOf(client, 'photos/p1/display.jpg');
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' }));
    await got.Body!.transformToByteArray();
    await tagObject(client, 'photos/p1/display.jpg', { [ATTACHED_TAG.key]: ATTACHED_TAG.value, note: 'a b+c/d' });
    const retagged = await tagsOf(client, 'photos/p1/display.jpg');
    const after = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' }));
    await client.send(new DeleteObjectTaggingCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' }));
    const untagged = await tagsOf(client, 'photos/p1/display.jpg');
    const untaggedObject = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/none' })).catch((error: unknown) => error);

    // Assess
    expect(asWritten).toEqual({ photo: 'unattached' });
    expect(got.TagCount).toBe(1);
    expect(retagged).toEqual({ photo: 'attached', note: 'a b+c/d' });
    // Tagging is not writing: the lifecycle still counts from the PutObject.
    expect([after.ETag, after.LastModified]).toEqual([written.ETag, before.LastModified]);
    expect(untagged).toEqual({});
    expect((untaggedObject as S3ServiceException).name).toBe('NoSuchKey');
  });

  it('copies tags with an object unless the copy replaces them', async () => {
    // Prepare
    const { store } = await aStore();
    const client = clientOf(store);
    await putTagged(client, 'photos/p1/display.jpg', 'photo=unattached&kind=display');

    // Act
    await client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'photos/p2/display.jpg', CopySource: `${BUCKET}/photos/p1/display.jpg` }));
    await client.send(
      new CopyObjectCommand({
        Bucket: BUCKET,
        Key: 'photos/p3/display.jpg',
        CopySource: `${BUCKET}/photos/p1/display.jpg`,
        TaggingDirective: 'REPLACE',
        Tagging: taggingOf(ATTACHED_TAG),
      }),
    );

    // Assess
    expect(await tagsOf(client, 'photos/p2/display.jpg')).toEqual({ photo: 'unattached', kind: 'display' });
    expect(await tagsOf(client, 'photos/p3/display.jpg')).toEqual({ photo: 'attached' });
  });

  it('lets photo-processing tag the photos it writes, refuses a function without the PutObjectTagging grant, and keeps each refusal', async () => {
    // Prepare
    const { store } = await aStore();
    const admin = clientOf(store);
    await putTagged(admin, 'photos/p1/display.jpg', taggingOf(UNATTACHED_TAG));
    await put(admin, 'uploads/u1');
    const processing = clientOf(store, functionCredentials('photo-processing'));
    const uploads = clientOf(store, functionCredentials('uploads'));
    const requests = clientOf(store, functionCredentials('requests'));

    // Act
    const writeTagged = await failureOf(putTagged(processing, 'photos/p2/display.jpg', taggingOf(UNATTACHED_TAG)));
    const tagAttached = await failureOf(tagObject(processing, 'photos/p1/display.jpg', { [ATTACHED_TAG.key]: ATTACHED_TAG.value }));
    const tagMissing = await failureOf(tagObject(processing, 'photos/none/display.jpg', { [ATTACHED_TAG.key]: ATTACHED_TAG.value }));
    const tagByRequests = await failureOf(tagObject(requests, 'photos/p1/display.jpg', { [ATTACHED_TAG.key]: ATTACHED_TAG.value }));
    const tagUpload = await failureOf(tagObject(uploads, 'uploads/u1', { kind: 'upload' }));
    const putWithTags = await failureOf(putTagged(uploads, 'uploads/u2', 'kind=upload'));
    const readTags = await failureOf(processing.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg' })));
    const missingForDeveloper = await failureOf(tagObject(admin, 'photos/none/display.jpg', { [ATTACHED_TAG.key]: ATTACHED_TAG.value }));

    // Assess
    expect([writeTagged, tagAttached]).toEqual([undefined, undefined]);
    expect(await tagsOf(admin, 'photos/p1/display.jpg')).toEqual({ photo: 'attached' });
    expect(await tagsOf(admin, 'photos/p2/display.jpg')).toEqual({ photo: 'unattached' });
    for (const refused of [tagMissing, tagByRequests, tagUpload, putWithTags, readTags]) expect([refused?.name, refused?.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    expect([missingForDeveloper?.name, missingForDeveloper?.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
    expect(await failureOf(bytesOf(admin, 'uploads/u2'))).toBeInstanceOf(NoSuchKey);
    expect(store.denials()).toEqual([
      expect.stringMatching(/^photo-processing: s3:PutObjectTagging on grid-service-photos\/photos\/none\/display\.jpg: the object does not exist/),
      expect.stringMatching(/^requests: s3:PutObjectTagging on grid-service-photos\/photos\/p1\/display\.jpg: not granted/),
      expect.stringMatching(/^uploads: s3:PutObjectTagging on grid-service-photos\/uploads\/u1: not granted/),
      expect.stringMatching(/^uploads: s3:PutObjectTagging on grid-service-photos\/uploads\/u2: not granted/),
      expect.stringMatching(/^photo-processing: s3:GetObjectTagging on grid-service-photos\/photos\/p1\/display\.jpg: not granted/),
    ]);
  });

  it('refuses tags S3 refuses: more than ten, a key or value too long, an aws: key, a key twice, XML out of shape, a missing or wrong checksum', async () => {
    // Prepare
    const { store } = await aStore();
    const client = clientOf(store);
    await putTagged(client, 'photos/p1/display.jpg', taggingOf(UNATTACHED_TAG));
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`k${index}`, 'v']));
    const tagged = { [UNATTACHED_TAG.key]: UNATTACHED_TAG.value };

    // Act
    const refusals = {
      tooMany: await failureOf(tagObject(client, 'photos/p1/display.jpg', eleven)),
      tooManyWritten: await failureOf(putTagged(client, 'photos/p2/display.jpg', new URLSearchParams(eleven).toString())),
      keyTooLong: await failureOf(tagObject(client, 'photos/p1/display.jpg', { ['k'.repeat(129)]: 'v' })),
      valueTooLong: await failureOf(putTagged(client, 'photos/p2/display.jpg', `photo=${'v'.repeat(257)}`)),
      awsKey: await failureOf(tagObject(client, 'photos/p1/display.jpg', { 'aws:photo': 'attached' })),
      badCharacter: await failureOf(tagObject(client, 'photos/p1/display.jpg', { photo: 'attached!' })),
      twiceInXml: await failureOf(
        client.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'photos/p1/display.jpg', Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] } })),
      ),
      twiceInHeader: await failureOf(putTagged(client, 'photos/p2/display.jpg', 'a=1&a=2')),
      badEscape: await failureOf(putTagged(client, 'photos/p2/display.jpg', 'a=%zz')),
      noValue: await failureOf(tagObject(tamper(clientOf(store), { body: '<Tagging><TagSet><Tag><Key>photo</Key></Tag></TagSet></Tagging>' }), 'photos/p1/display.jpg', tagged)),
      notXml: await failureOf(tagObject(tamper(clientOf(store), { body: 'photo=attached' }), 'photos/p1/display.jpg', tagged)),
      noChecksum: await failureOf(
        tagObject(tamper(clientOf(store), { headers: { 'x-amz-checksum-crc32': undefined, 'x-amz-sdk-checksum-algorithm': undefined } }), 'photos/p1/display.jpg', tagged),
      ),
    };
    const wrongChecksum = tamper(clientOf(store), { headers: { 'x-amz-checksum-crc32': 'AAAAAA==' } });
    const badDigest = await failureOf(tagObject(wrongChecksum, 'photos/p1/display.jpg', tagged));

    // Assess
    const seen = Object.fromEntries(Object.entries(refusals).map(([name, error]) => [name, [error?.name, error?.$metadata.httpStatusCode]]));
    expect(seen).toEqual({
      // S3 answers too many tags BadRequest, and the rest of its tag rules InvalidTag.
      tooMany: ['BadRequest', 400],
      tooManyWritten: ['BadRequest', 400],
      keyTooLong: ['InvalidTag', 400],
      valueTooLong: ['InvalidTag', 400],
      awsKey: ['InvalidTag', 400],
      badCharacter: ['InvalidTag', 400],
      twiceInXml: ['InvalidTag', 400],
      twiceInHeader: ['InvalidArgument', 400],
      badEscape: ['InvalidArgument', 400],
      noValue: ['MalformedXML', 400],
      notXml: ['MalformedXML', 400],
      noChecksum: ['InvalidRequest', 400],
    });
    expect([badDigest?.name, badDigest?.$metadata.httpStatusCode]).toEqual(['BadDigest', 400]);
    // Nothing refused was written or changed.
    expect(await tagsOf(client, 'photos/p1/display.jpg')).toEqual({ photo: 'unattached' });
    expect(await failureOf(bytesOf(client, 'photos/p2/display.jpg'))).toBeInstanceOf(NoSuchKey);
  });

  it('expires an upload a day after it arrived and a photo tagged unattached two days after it was made, never an attached or untagged photo', async () => {
    // Prepare
    const dataDir = dataFolder();
    const clock = { now: new Date('2027-03-01T08:00:00Z') };
    const { store } = await aStore({ dataDir, clock });
    const client = clientOf(store);
    await put(client, 'uploads/old');
    for (const id of ['loose', 'held']) await putTagged(client, `photos/${id}/display.jpg`, taggingOf(UNATTACHED_TAG));
    await put(client, 'photos/untagged/display.jpg');
    clock.now = new Date('2027-03-01T09:00:00Z');
    await tagObject(client, 'photos/held/display.jpg', { [ATTACHED_TAG.key]: ATTACHED_TAG.value });
    clock.now = new Date('2027-03-03T07:00:00Z');
    await put(client, 'uploads/day-old');
    clock.now = new Date('2027-03-03T08:00:00Z');
    await putTagged(client, 'photos/fresh/display.jpg', taggingOf(UNATTACHED_TAG));

    // Act
    const beforeTwoDays = store.sweepExpired(new Date('2027-03-03T07:59:00Z'));
    const threeDaysLater = store.sweepExpired(new Date('2027-03-04T08:00:00Z'));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));

    // Assess
    expect(beforeTwoDays).toEqual([`${BUCKET}/uploads/old`]);
    expect(threeDaysLater.sort()).toEqual([`${BUCKET}/photos/loose/display.jpg`, `${BUCKET}/uploads/day-old`]);
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['photos/fresh/display.jpg', 'photos/held/display.jpg', 'photos/untagged/display.jpg']);
    // Nothing is left of the deleted objects, not even their folders.
    expect(existsSync(join(dataDir, 'objects', BUCKET, 'photos', 'loose'))).toBe(false);
    expect(existsSync(join(dataDir, 'objects', BUCKET, 'uploads'))).toBe(false);
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
