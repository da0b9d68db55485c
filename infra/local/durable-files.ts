import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

// Writes that survive kill -9 and power cuts: the local bus keeps its journal and dead letters with them.

/** Replaces a file's content atomically: write a copy, sync it, rename it over, sync the folder. */
export function writeFileAtomically(file: string, content: string): void {
  const temporary = `${file}.tmp`;
  const out = openSync(temporary, 'w');
  try {
    writeSync(out, content);
    fsyncSync(out);
  } finally {
    closeSync(out);
  }
  renameSync(temporary, file);
  const folder = openSync(dirname(file), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
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
