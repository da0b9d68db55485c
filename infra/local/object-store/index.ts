import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Credentials } from './access';
import { serve } from './dispatch';
import { ObjectFiles } from './files';
import { sweepExpired, sweepPeriodically } from './lifecycle';
import type { StoreContext } from './operations';
import { declaresTooLarge, entityTooLarge } from './requests';
import { requestIdOf, sendError } from './responses';

/**
 * The local stand-in for the photos bucket: an HTTP endpoint that speaks the S3 REST protocol the AWS
 * SDK v3 client sends in path style (`/<bucket>/<key>`), for what the service does with its objects —
 * PutObject, GetObject, HeadObject, DeleteObject, CopyObject, their tags (PutObjectTagging,
 * GetObjectTagging, DeleteObjectTagging, `x-amz-tagging`), and ListObjectsV2 for a look around.
 * Like S3, it takes no request it cannot authenticate (an anonymous GET of a known key is 403), checks
 * SigV4 signatures in the Authorization header and in presigned URLs, and judges each call as the
 * caller's role would (infra/photo-access.ts); its errors are S3's XML documents, so the SDK raises the
 * same named errors it raises against AWS. Objects are files under the data folder, kept across
 * restarts, and the bucket's lifecycle rules (`photoLifecycle` in shared/photos/objects.ts, which
 * infra/photos-bucket.ts gives the bucket) are swept by here.
 *
 * Where each part is: this file, the listener; `dispatch.ts`, a request to its operation;
 * `operations.ts`, the S3 operations; `sigv4.ts`, signatures and presigned URLs; `access.ts`, who may
 * do what; `requests.ts`, query, headers and body; `checksums.ts`, Content-MD5 and `x-amz-checksum-*`;
 * `tags.ts`, object tags; `responses.ts` and `errors.ts`, S3's answers; `files.ts`, objects on disk;
 * `lifecycle.ts`, expiry; `client-signing.ts`, the runtime's own client.
 */

export { OBJECT_SIZE_LIMIT } from './requests';
export { signAsRunningFunction } from './client-signing';

export interface ObjectStoreOptions {
  /** Objects are kept under `<dataDir>/objects`; without one, in a temporary folder removed on close. */
  dataDir?: string;
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The buckets there are; any other is answered `NoSuchBucket`. */
  buckets: readonly string[];
  /**
   * The credentials of the runtime's own process (tests, seeding, the benchmark): allowed everything,
   * as an administrator is. Functions sign with `local-<name>` (infra/local/environment.ts) and the same
   * secret, which the runtime gives them.
   */
  developer: Credentials;
  /** The clock presigned URLs expire by and the lifecycle measures age with (tests move it). */
  now?: () => Date;
}

/** A running object store. */
export interface ObjectStore {
  /** Its endpoint, for `S3_ENDPOINT` (path-style requests). */
  url: string;
  /**
   * Every call refused because the calling function's grants (infra/photo-access.ts) do not allow it,
   * in order: kept so a test can fail even where a handler swallows the error.
   */
  denials(): readonly string[];
  /**
   * Deletes what the lifecycle rules (`photoLifecycle`) expire as of `now`: today, what is under
   * `uploads/` written more than a day before, and what is under `photos/` tagged `photo=unattached`
   * written more than two days before. Returns them as `<bucket>/<key>`. Runs at start and hourly too.
   */
  sweepExpired(now?: Date): string[];
  close(): Promise<void>;
}

/** Starts the object store on 127.0.0.1. */
export async function startObjectStore(options: ObjectStoreOptions): Promise<ObjectStore> {
  const temporary = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'grid-objects-'));
  const files = new ObjectFiles(options.dataDir ? join(resolve(options.dataDir), 'objects') : temporary!);
  const now = options.now ?? (() => new Date());
  const denials: string[] = [];
  const context: StoreContext = { files, buckets: new Set(options.buckets), developer: options.developer, now, denials };

  const server: Server = createServer((request, response) => void serve(context, request, response));
  // A client that asks before sending a big body (`Expect: 100-continue`, as the SDK does) hears no
  // before it sends bytes that would be refused.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (declaresTooLarge(request)) {
      sendError(response, entityTooLarge(), requestIdOf(), request.method === 'HEAD');
      return;
    }
    response.writeContinue();
    void serve(context, request, response);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });

  const sweep = (at: Date = now()): string[] => sweepExpired(files, context.buckets, at);
  const stopSweeping = sweepPeriodically(() => sweep());

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    denials: () => [...denials],
    sweepExpired: sweep,
    async close() {
      stopSweeping();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    },
  };
}
