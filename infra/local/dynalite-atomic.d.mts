// Types of dynalite-atomic.mjs (plain JavaScript, so that bare Node can run the engine's own process).
import type { Server } from 'node:http';

/**
 * How the engine writes an item and its secondary-index entries: `atomic-sync` (the default: one
 * LevelDB batch, fsynced before it is acknowledged), `atomic` (the same batch, not fsynced: it
 * survives a killed process but not a power cut), `unpatched` (dynalite as published: the index
 * entries first, then the item, as separate writes; for the benchmark and the crash test).
 */
export type EngineWrites = 'atomic' | 'atomic-sync' | 'unpatched';

export const PINNED_DYNALITE: Readonly<{ version: string; files: Readonly<Record<string, string>> }>;

/** The folder of the dynalite this process loads. */
export function dynaliteFolder(): string;

/** Throws, naming every difference, unless `folder` holds exactly the pinned dynalite. */
export function checkDynalite(folder?: string): void;

/**
 * dynalite's server (not yet listening) with the patch applied; throws if the installed dynalite is
 * not the pinned one. `database` is its LevelDB instance, for tests that inject failures beneath it;
 * `close` stops the server once the requests it is handling have finished.
 */
export function startDynalite(
  options: { path?: string; createTableMs?: number; deleteTableMs?: number; updateTableMs?: number },
  how?: { writes?: EngineWrites },
): { server: Server; database: unknown; close: () => Promise<void> };
