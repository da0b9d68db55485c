import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { syncFolder, writeFileAtomically } from '../durable-files';
import { S3Error, invalidArgument } from './errors';
import type { Tags } from './tags';

/**
 * Objects as files: bytes at `<root>/<bucket>/<key>`, what S3 keeps with them (content type, ETag,
 * when written, user metadata, tags) in a sidecar at `<root>/.meta/<bucket>/<key>` (bucket names never start
 * with a dot), so they are kept across restarts and can be looked at with `ls`.
 */

/** S3's own limit on a key's length, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/** An object as kept: its bytes and what S3 keeps with them. */
export interface StoredObject {
  bytes: Buffer;
  contentType: string;
  /** MD5 of the bytes, hex (S3's ETag for a single PUT), without the quotes. */
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
  tags: Tags;
}

/** What S3 keeps with an object's bytes, as a write gives it. */
export interface ObjectAttributes {
  contentType: string;
  metadata: Record<string, string>;
  lastModified: Date;
  tags: Tags;
}

/** The content type S3 gives an object written without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/** The sidecar kept next to an object's bytes. */
interface Sidecar {
  contentType: string;
  etag: string;
  lastModified: string;
  metadata: Record<string, string>;
  /** Absent in sidecars written before objects had tags. */
  tags?: Tags;
}

/**
 * Keys become paths under the bucket's folder, so one that could name a file elsewhere ('..', an
 * absolute path, NUL) or two keys the same file ('a//b', './a') is refused, whatever S3 would take.
 */
export function checkKey(key: string): void {
  const refuse = (why: string) => invalidArgument(`The local object store does not take the key '${key}': ${why}`, { ArgumentName: 'key' });
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long', { MaxSizeAllowed: String(MAX_KEY_BYTES) });
  if (key.includes('\0')) throw refuse('it holds NUL');
  if (key.startsWith('/')) throw refuse('it is an absolute path');
  if (key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) throw refuse("its path has an empty, '.' or '..' part");
}

/**
 * The objects of every bucket under `root`. Each file is written to a copy in `<root>/.tmp`, synced
 * and renamed into place, so a kill -9 leaves the old file or the new one, never half of one. The
 * bytes are the truth: a sidecar whose ETag does not match them (the process died between the two
 * renames) is ignored. Every call is synchronous, so calls on one key never interleave.
 */
export class ObjectFiles {
  private readonly temporaries: string;

  constructor(private readonly root: string) {
    this.temporaries = join(root, '.tmp');
    // Copies a previous run left half-written are of no use to anyone.
    rmSync(this.temporaries, { recursive: true, force: true });
    mkdirSync(this.temporaries, { recursive: true });
  }

  /** The object at `bucket/key`, or undefined. */
  read(bucket: string, key: string): StoredObject | undefined {
    const file = this.fileOf(bucket, key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const etag = md5Hex(bytes);
    const sidecar = this.sidecarOf(bucket, key);
    if (sidecar?.etag === etag) {
      return {
        bytes,
        etag,
        contentType: sidecar.contentType,
        lastModified: new Date(sidecar.lastModified),
        metadata: sidecar.metadata,
        tags: sidecar.tags ?? {},
      };
    }
    return { bytes, etag, contentType: DEFAULT_CONTENT_TYPE, lastModified: statSync(file).mtime, metadata: {}, tags: {} };
  }

  /** Writes the bytes, then the sidecar; a key that is a folder of others, or under an object, is 409. */
  write(bucket: string, key: string, bytes: Buffer, about: ObjectAttributes): StoredObject {
    const etag = md5Hex(bytes);
    const sidecar: Sidecar = { ...sidecarOf(about), etag };
    try {
      for (const [file, content] of [
        [this.fileOf(bucket, key), bytes],
        [this.sidecarFileOf(bucket, key), JSON.stringify(sidecar)],
      ] as const) {
        makeFolder(dirname(file));
        writeFileAtomically(file, content, join(this.temporaries, randomBytes(12).toString('hex')));
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST' || code === 'ENOTEMPTY') {
        throw new S3Error(409, 'OperationAborted', `The local object store keeps keys as files: '${key}' cannot be both an object and a folder of others`);
      }
      throw error;
    }
    return { bytes, etag, ...about };
  }

  /**
   * Replaces the object's tags, leaving its bytes, ETag and when it was written alone (as S3's
   * PutObjectTagging does, so the lifecycle still counts from the write); undefined when there is no object.
   */
  retag(bucket: string, key: string, tags: Tags): StoredObject | undefined {
    const object = this.read(bucket, key);
    if (!object) return undefined;
    const retagged = { ...object, tags };
    const file = this.sidecarFileOf(bucket, key);
    makeFolder(dirname(file));
    writeFileAtomically(file, JSON.stringify({ ...sidecarOf(retagged), etag: object.etag }), join(this.temporaries, randomBytes(12).toString('hex')));
    return retagged;
  }

  /** Deletes the object, if any, and the folders its key leaves empty. */
  delete(bucket: string, key: string): void {
    for (const [file, top] of [
      [this.fileOf(bucket, key), join(this.root, bucket)],
      [this.sidecarFileOf(bucket, key), join(this.root, '.meta', bucket)],
    ] as const) {
      try {
        unlinkSync(file);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      removeEmptyFolders(dirname(file), top);
    }
  }

  /** Every key in the bucket, in S3's order (by UTF-8 bytes). */
  keys(bucket: string): string[] {
    return this.keysUnder(bucket, '').sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  /** The keys under a prefix that ends in `/` (a folder), in no particular order. */
  keysUnder(bucket: string, folderPrefix: string): string[] {
    return filesUnder(join(this.root, bucket, folderPrefix)).map((rest) => `${folderPrefix}${rest}`);
  }

  /** When the object was written, in ms: the sidecar's time, else the file's. */
  writtenAt(bucket: string, key: string): number {
    const written = this.sidecarOf(bucket, key)?.lastModified;
    return written ? Date.parse(written) : statSync(this.fileOf(bucket, key)).mtimeMs;
  }

  private sidecarOf(bucket: string, key: string): Sidecar | undefined {
    try {
      return JSON.parse(readFileSync(this.sidecarFileOf(bucket, key), 'utf8')) as Sidecar;
    } catch {
      return undefined;
    }
  }

  private fileOf(bucket: string, key: string): string {
    return this.inside(join(this.root, bucket), key);
  }

  private sidecarFileOf(bucket: string, key: string): string {
    return this.inside(join(this.root, '.meta', bucket), key);
  }

  /** The path of `key` under `folder`, checked once more to be inside it (keys are checked on the way in). */
  private inside(folder: string, key: string): string {
    const file = resolve(folder, ...key.split('/'));
    if (!file.startsWith(folder + sep)) throw invalidArgument(`The key '${key}' leaves its bucket`);
    return file;
  }
}

const sidecarOf = (about: ObjectAttributes): Omit<Sidecar, 'etag'> => ({
  contentType: about.contentType,
  lastModified: about.lastModified.toISOString(),
  metadata: about.metadata,
  tags: about.tags,
});

const md5Hex = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/** Files under `folder`, as `/`-separated paths relative to it; none when it does not exist. */
function filesUnder(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** Creates a folder and the ones above it, syncing each new one's parent so the new names survive a power cut. */
function makeFolder(folder: string): void {
  const first = mkdirSync(folder, { recursive: true });
  if (first === undefined) return;
  for (let created = folder; ; created = dirname(created)) {
    syncFolder(dirname(created));
    if (created === first) break;
  }
}

/** Removes `folder` and the folders above it while they are empty, up to (not including) `top`. */
function removeEmptyFolders(folder: string, top: string): void {
  for (let current = folder; current.startsWith(top + sep); current = dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
  }
}
