import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Action, Credentials, Grants } from './access';
import { checkIntegrity } from './checksums';
import { S3Error, invalidArgument, invalidRequest, noSuchBucket } from './errors';
import { DEFAULT_CONTENT_TYPE, type ObjectFiles, type StoredObject, checkKey } from './files';
import { type Query, header, metadataHeaders, metadataOf, parameter, parseCopySource } from './requests';
import { S3_XMLNS, sendEmpty, sendXml, xmlElement } from './responses';
import { type Tags, tagCount, taggingXml, tagsOfHeader, tagsOfXml } from './tags';

/**
 * The S3 operations the service uses: HeadBucket, GetObject/HeadObject, PutObject, CopyObject,
 * DeleteObject, ListObjectsV2, and an object's tags (PutObjectTagging, GetObjectTagging,
 * DeleteObjectTagging). Each checks the caller's grants first (access.ts), then does its work on the
 * files (files.ts) and answers as S3 does.
 */

/** What every request is served with: the objects, the buckets there are, the developer's key, the clock, the refusals so far. */
export interface StoreContext {
  files: ObjectFiles;
  buckets: ReadonlySet<string>;
  developer: Credentials;
  now: () => Date;
  denials: string[];
}

/** An ETag as S3 sends it: in quotes. */
const quoted = (etag: string) => `"${etag}"`;

/** A CopyObject directive (`x-amz-metadata-directive`, `x-amz-tagging-directive`): COPY, the default, or REPLACE. */
function directive(request: IncomingMessage, name: string): 'COPY' | 'REPLACE' {
  const value = (header(request, name) ?? 'COPY').toUpperCase();
  if (value !== 'COPY' && value !== 'REPLACE') {
    throw invalidArgument(`Unknown ${name.includes('tagging') ? 'tagging' : 'metadata'} directive.`, { ArgumentName: name, ArgumentValue: value });
  }
  return value;
}

/** One authenticated call on a bucket: each operation checks the caller's grants, then does its work. */
export class Call {
  constructor(
    private readonly context: StoreContext,
    private readonly grants: Grants,
    private readonly bucket: string,
    private readonly response: ServerResponse,
    private readonly requestId: string,
  ) {}

  headBucket(): void {
    this.grants.require('ListBucket', this.bucket, '');
    this.send(200, {});
  }

  /** GetObject, or HeadObject (`head`): `response-*` parameters override the headers, as presigned URLs ask. */
  getObject(key: string, query: Query, head: boolean): void {
    this.grants.require('GetObject', this.bucket, key);
    const object = this.existing(key, 'GetObject');
    const overrides: Record<string, string> = {};
    for (const [name, value] of query) if (name.startsWith('response-')) overrides[name.slice('response-'.length)] = value;
    this.response.writeHead(200, {
      'x-amz-request-id': this.requestId,
      'content-type': object.contentType,
      'content-length': String(object.bytes.length),
      etag: quoted(object.etag),
      'last-modified': object.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
      // GetObject says how many tags there are; HeadObject does not.
      ...(tagCount(object.tags) > 0 && !head ? { 'x-amz-tagging-count': String(tagCount(object.tags)) } : {}),
      ...metadataHeaders(object.metadata),
      ...overrides,
    });
    this.response.end(head ? undefined : object.bytes);
  }

  /** PutObject: tags sent with it (`x-amz-tagging`) need PutObjectTagging as well, as in S3. */
  putObject(key: string, request: IncomingMessage, body: Buffer): void {
    this.grants.require('PutObject', this.bucket, key);
    const tags = this.sentTags(request);
    if (tagCount(tags) > 0) this.grants.require('PutObjectTagging', this.bucket, key);
    // An aws-chunked body may come in HTTP chunks, its length said by x-amz-decoded-content-length.
    if (header(request, 'content-length') === undefined && header(request, 'x-amz-decoded-content-length') === undefined) {
      throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
    }
    checkIntegrity(request, body);
    const stored = this.context.files.write(this.bucket, key, body, {
      contentType: header(request, 'content-type') ?? DEFAULT_CONTENT_TYPE,
      metadata: metadataOf(request),
      lastModified: this.context.now(),
      tags,
    });
    this.send(200, { etag: quoted(stored.etag) });
  }

  /**
   * CopyObject: needs GetObject on the source and PutObject on the target; metadata and tags copied
   * unless their directive is `REPLACE`. Tags copied need GetObjectTagging on the source, and a copy
   * that ends up tagged PutObjectTagging on the target, as S3 asks.
   */
  copyObject(key: string, copySource: string, request: IncomingMessage): void {
    const source = parseCopySource(copySource);
    if (!this.context.buckets.has(source.bucket)) throw noSuchBucket(source.bucket);
    checkKey(source.key);
    this.grants.require('GetObject', source.bucket, source.key);
    this.grants.require('PutObject', this.bucket, key);
    const original = this.existing(source.key, 'GetObject', source.bucket);
    const replace = directive(request, 'x-amz-metadata-directive') === 'REPLACE';
    const copyTags = directive(request, 'x-amz-tagging-directive') === 'COPY';
    const tags = copyTags ? original.tags : this.sentTags(request);
    if (copyTags && tagCount(tags) > 0) this.grants.require('GetObjectTagging', source.bucket, source.key);
    if (tagCount(tags) > 0) this.grants.require('PutObjectTagging', this.bucket, key);
    if (!replace && source.bucket === this.bucket && source.key === key) {
      throw invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const stored = this.context.files.write(this.bucket, key, original.bytes, {
      contentType: replace ? (header(request, 'content-type') ?? DEFAULT_CONTENT_TYPE) : original.contentType,
      metadata: replace ? metadataOf(request) : original.metadata,
      lastModified: this.context.now(),
      tags,
    });
    this.sendXml(`<CopyObjectResult xmlns="${S3_XMLNS}">${xmlElement('LastModified', stored.lastModified.toISOString())}${xmlElement('ETag', quoted(stored.etag))}</CopyObjectResult>`);
  }

  /**
   * PutObjectTagging: replaces the object's tags with the XML body's. S3 takes it only with a
   * checksum of the body (Content-MD5 or `x-amz-checksum-*`, which the SDK always sends). The
   * object's bytes and when it was written stay as they were; the answer is empty, as S3's is
   * for an unversioned bucket.
   */
  putObjectTagging(key: string, request: IncomingMessage, body: Buffer): void {
    this.grants.require('PutObjectTagging', this.bucket, key);
    if (checkIntegrity(request, body) === 0) throw invalidRequest('Missing required header for this request: Content-MD5');
    const tags = tagsOfXml(body);
    this.context.files.retag(this.bucket, key, tags) ?? this.grants.missing('PutObjectTagging', this.bucket, key);
    this.send(200, {});
  }

  /** GetObjectTagging: the object's tags as S3's `<Tagging>` document (none granted to a function: the developer's call). */
  getObjectTagging(key: string): void {
    this.grants.require('GetObjectTagging', this.bucket, key);
    this.sendXml(taggingXml(this.existing(key, 'GetObjectTagging').tags));
  }

  /** DeleteObjectTagging: removes every tag of the object; 204, as S3 answers. */
  deleteObjectTagging(key: string): void {
    this.grants.require('DeleteObjectTagging', this.bucket, key);
    this.context.files.retag(this.bucket, key, {}) ?? this.grants.missing('DeleteObjectTagging', this.bucket, key);
    this.send(204, {});
  }

  deleteObject(key: string): void {
    this.grants.require('DeleteObject', this.bucket, key);
    // S3 answers 204 whether or not there was an object: a delete is idempotent.
    this.context.files.delete(this.bucket, key);
    this.send(204, {});
  }

  /**
   * ListObjectsV2: keys in S3's order, those sharing a prefix up to the delimiter folded into one
   * common prefix, at most `max-keys` (≤ 1000) a page; the continuation token is the last item given.
   */
  listObjects(query: Query): void {
    const prefix = parameter(query, 'prefix') ?? '';
    const delimiter = parameter(query, 'delimiter') ?? '';
    const maxKeys = Math.min(Number(parameter(query, 'max-keys') ?? 1000), 1000);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw invalidArgument('Provided max-keys not an integer or within integer range');
    this.grants.require('ListBucket', this.bucket, prefix);
    const token = parameter(query, 'continuation-token');
    const startAfter = parameter(query, 'start-after');
    let after = startAfter ?? '';
    if (token !== undefined) {
      try {
        after = Buffer.from(token, 'base64url').toString('utf8');
      } catch {
        throw invalidArgument('The continuation token provided is incorrect');
      }
    }
    const contents: string[] = [];
    const prefixes: string[] = [];
    let last: string | undefined;
    let truncated = false;
    for (const key of this.context.files.keys(this.bucket)) {
      if (!key.startsWith(prefix) || key <= after) continue;
      // A common prefix already given (on this page or the one before) stands for all its keys.
      if (delimiter && after.endsWith(delimiter) && after.startsWith(prefix) && key.startsWith(after) && after.length > prefix.length) continue;
      const rest = key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      const item = cut === -1 ? key : prefix + rest.slice(0, cut + delimiter.length);
      if (item === last) continue;
      if (contents.length + prefixes.length === maxKeys) {
        truncated = true;
        break;
      }
      if (cut === -1) {
        const object = this.context.files.read(this.bucket, key)!;
        contents.push(
          `<Contents>${xmlElement('Key', key)}${xmlElement('LastModified', object.lastModified.toISOString())}${xmlElement('ETag', quoted(object.etag))}<Size>${object.bytes.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        );
      } else {
        prefixes.push(`<CommonPrefixes>${xmlElement('Prefix', item)}</CommonPrefixes>`);
      }
      last = item;
    }
    const element = (name: string, value: string | undefined) => (value === undefined ? '' : xmlElement(name, value));
    this.sendXml(
      `<ListBucketResult xmlns="${S3_XMLNS}">${element('Name', this.bucket)}${element('Prefix', prefix)}${delimiter ? element('Delimiter', delimiter) : ''}` +
        `${element('MaxKeys', String(maxKeys))}${element('KeyCount', String(contents.length + prefixes.length))}${element('IsTruncated', String(truncated))}` +
        `${element('ContinuationToken', token)}${element('StartAfter', startAfter)}${truncated && last ? element('NextContinuationToken', Buffer.from(last).toString('base64url')) : ''}` +
        `${contents.join('')}${prefixes.join('')}</ListBucketResult>`,
    );
  }

  /** The tags an `x-amz-tagging` header sends; none without one. */
  private sentTags(request: IncomingMessage): Tags {
    const text = header(request, 'x-amz-tagging');
    return text === undefined ? {} : tagsOfHeader(text);
  }

  /** The object at `key`, or the error S3 gives for a missing one (access.ts: 404 only to who may list the bucket). */
  private existing(key: string, action: Action, bucket = this.bucket): StoredObject {
    return this.context.files.read(bucket, key) ?? this.grants.missing(action, bucket, key);
  }

  private send(status: number, headers: Record<string, string>): void {
    sendEmpty(this.response, this.requestId, status, headers);
  }

  private sendXml(xml: string): void {
    sendXml(this.response, this.requestId, 200, xml);
  }
}
