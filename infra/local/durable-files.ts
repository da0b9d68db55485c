import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

// Writes that survive kill -9 and power cuts: the local bus keeps its journal and dead letters with
// them, the local object store its objects.

/**
 * Replaces a file's content atomically: write a copy, sync it, rename it over, sync the folder. The
 * copy is `temporary` (by default the file's name with `.tmp`), which must be on the same file system;
 * the local object store keeps its copies elsewhere, since `<key>.tmp` may be another object's name.
 * `mode` is the copy's permissions when it is created (0o600 for secrets: never readable by others,
 * not even for a moment).
 */
export function writeFileAtomically(file: string, content: string | Uint8Array, temporary = `${file}.tmp`, mode = 0o666): void {
  const out = openSync(temporary, 'w', mode);
  try {
    if (typeof content === 'string') writeSync(out, content);
    else {
      // A write may take fewer bytes than it was given; a half-written copy must never be renamed over.
      for (let written = 0; written < content.length; ) written += writeSync(out, content, written, content.length - written);
    }
    fsyncSync(out);
  } finally {
    closeSync(out);
  }
  renameSync(temporary, file);
  syncFolder(dirname(file));
}

/** Syncs a folder, so that the names created or renamed in it survive a power cut. */
export function syncFolder(folder: string): void {
  const handle = openSync(folder, 'r');
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}

/** Appends one line to a file and syncs it before returning. */
export function appendLineDurably(file: string, line: string): void {
  const out = openSync(file, 'a');
  try {
    writeSync(out, `${line}\n`);
    fsyncSync(out);
  } finally {
    closeSync(out);
  }
}
