// dynalite writes an item's secondary-index entries and then the item as separate LevelDB writes
// (db/index.js `updateIndexes`: the old entries' deletions in parallel, then the new entries' puts
// in parallel, and only when all of them are done the action's `itemDb.put`/`itemDb.del`). A
// `kill -9` between them leaves an index entry without its item: a request listed in `/me/requests`
// that opens as 404 forever. DynamoDB never shows that.
//
// This module makes them one LevelDB batch per item write, which LevelDB applies all or nothing (one
// checksummed log record: a crash leaves the old state or the new one). It is plain JavaScript so that
// the engine's own process (engine-process.mjs, run by bare Node) and the in-process engine
// (engine.ts, under tsx or vitest) load the same file; it needs no install script.
//
// How: `updateIndexes` is replaced by a version that writes nothing. It lets dynalite's own index
// sublevels issue their writes while they are being collected (so the keys are spelled by dynalite,
// not here), hands the collected writes to the item write, and calls back at once. In dynalite 4.0.0
// every caller (actions/putItem.js, updateItem.js, deleteItem.js; batchWriteItem.js goes through the
// first and last) answers that callback by issuing `itemDb.put(key, item)` or `itemDb.del(key)` in the
// same turn, still holding the item's lock. The hooked `put`/`del` of the main database recognise
// that item key and commit the index writes and the item write as one `batch`. Should dynalite ever
// not write the item in that turn, the patch throws instead of losing the index writes silently.
//
// Without `sync`, LevelDB hands each write to the OS before it answers, so a killed process loses
// nothing acknowledged; with it (`atomic-sync`, the default) the batch is also fsynced, so a power
// cut does not either. dynalite's own callback wrapper of `batch` drops options, so the synced batch
// is the level's own, tracked by dynalite's lifecycle manager as its wrapper would.
//
// The patch leans on the exact text of those files, so it refuses (at engine start, and in
// test/integration/local/dynalite-atomic.test.ts) any dynalite whose version or patched files differ.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The dynalite this patch was written against: its version and the sha256 of every file it relies on. */
export const PINNED_DYNALITE = Object.freeze({
  version: '4.0.0',
  files: Object.freeze({
    // Calls `db.create` through the module object at start (so the wrapped one runs) and dispatches actions.
    'index.js': '6f3a39f80689f51c9242df9b12e30beb9c8c1075c2b8a52a4491f5e373ef5fbe',
    // updateIndexes, getIndexActions, createKey; the prefixed sublevels that write through the main database.
    'db/index.js': '25b5b4edb29a8399f78040b825d96af3e56c422fac656710eb4fb1e8e29e5d9d',
    // Each writes its item in the same turn as updateIndexes calls back, under the item's lock.
    'actions/putItem.js': '23531a8183d56d7fc7732885418cf682d38bb92c946826c9e949656ca9079a12',
    'actions/updateItem.js': '7dc72d09c407604a91ca42ee4ba303dffcdf647351a0434b9568b436070f3d78',
    'actions/deleteItem.js': '7b94f2962fb26793cd939fc696450a5179ff656eaabf9edd69d353861ceb8836',
    'actions/batchWriteItem.js': '66fe45b32a91b558ab4bc955d0fa8a721bbc2c8cedfeec463f947ec978ef4400',
  }),
});

/** The folder of the dynalite this process loads. */
export function dynaliteFolder() {
  return dirname(require.resolve('dynalite/package.json'));
}

/**
 * Throws, naming every difference, unless `folder` holds exactly the dynalite the patch was written
 * against. A newer dynalite may write differently; the patch would then be wrong, not merely useless.
 */
export function checkDynalite(folder = dynaliteFolder()) {
  const problems = [];
  let version = 'unreadable';
  try {
    version = String(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).version);
  } catch {
    // Reported below as a version mismatch.
  }
  if (version !== PINNED_DYNALITE.version) problems.push(`it is version ${version}, not ${PINNED_DYNALITE.version}`);
  for (const [file, expected] of Object.entries(PINNED_DYNALITE.files)) {
    let actual = 'missing';
    try {
      actual = createHash('sha256').update(readFileSync(join(folder, file))).digest('hex');
    } catch {
      // Reported as missing.
    }
    if (actual !== expected) problems.push(`${file} differs (sha256 ${actual.slice(0, 12)}, pinned ${expected.slice(0, 12)})`);
  }
  if (problems.length > 0) {
    throw new Error(
      `infra/local/dynalite-atomic.mjs refuses the dynalite in ${folder}: ${problems.join('; ')}. ` +
        'The patch makes an item and its index entries one LevelDB write and relies on how dynalite ' +
        `${PINNED_DYNALITE.version} writes them; install dynalite@${PINNED_DYNALITE.version}, or re-read ` +
        'db/index.js (updateIndexes) and actions/putItem.js, updateItem.js, deleteItem.js of the new ' +
        'version and update the patch and its pins.',
    );
  }
}

/** @typedef {'atomic' | 'atomic-sync' | 'unpatched'} EngineWrites */

/** store → how it writes; a store made by a plain `dynalite()` once the patch is installed writes atomic-sync. */
const writesOf = new WeakMap();
let writesOfNextStore = /** @type {EngineWrites} */ ('atomic-sync');
let lastStore;
/** Main databases whose put/del are hooked (a store's database is replaced if dynalite recreates it). */
const hooked = new WeakSet();
/** While set, writes to `collecting.database` are recorded here instead of written. */
let collecting = null;
/** The index writes waiting for their item's write: set and taken within one synchronous turn. */
let handoff = null;
let installed = false;

function install() {
  if (installed) return;
  const folder = dynaliteFolder();
  checkDynalite(folder);
  const db = require(join(folder, 'db/index.js'));
  for (const name of ['create', 'updateIndexes', 'getIndexActions', 'createKey']) {
    if (typeof db[name] !== 'function') throw new Error(`dynalite's db.${name} is not a function; the patch cannot apply`);
  }
  const { create, updateIndexes, getIndexActions, createKey } = db;

  db.create = function createRecordingWrites(options) {
    const store = create.call(this, options);
    writesOf.set(store, writesOfNextStore);
    lastStore = store;
    return store;
  };

  db.updateIndexes = function updateIndexesWithItem(store, table, existingItem, item, cb) {
    const writes = writesOf.get(store) ?? 'atomic-sync';
    if (writes === 'unpatched' || (!existingItem && !item)) return updateIndexes(store, table, existingItem, item, cb);
    const database = store.db;
    hookWrites(database, store);
    // The same writes dynalite's updateIndexes issues (old entries' deletions, then new entries'
    // puts), spelled by its own sublevels, but recorded instead of written.
    const operations = collect(database, () => {
      for (const indexType of ['Local', 'Global']) {
        const actions = getIndexActions(table[`${indexType}SecondaryIndexes`] || [], existingItem, item, table);
        for (const action of actions.deletes) store.getIndexDb(indexType, table.TableName, action.index).del(action.key);
        for (const action of actions.puts) store.getIndexDb(indexType, table.TableName, action.index).put(action.key, action.item);
      }
    });
    // The main-database key of the item write the caller is about to issue.
    const [itemWrite] = collect(database, () => store.getItemDb(table.TableName).del(createKey(item || existingItem, table)));
    handoff = { database, itemKey: itemWrite.key, operations, sync: writes === 'atomic-sync', store };
    try {
      cb();
    } catch (error) {
      handoff = null;
      throw error;
    }
    if (handoff !== null) {
      handoff = null;
      // Unreachable with the pinned files; losing or reordering the index writes would be worse.
      throw new Error(`dynalite did not write item ${itemWrite.key} right after its index entries; the atomic-write patch no longer fits`);
    }
  };

  installed = true;
}

function collect(database, issue) {
  collecting = { database, operations: [] };
  try {
    issue();
    return collecting.operations;
  } finally {
    collecting = null;
  }
}

function hookWrites(database, store) {
  if (hooked.has(database)) return;
  hooked.add(database);
  const put = database.put;
  const del = database.del;
  // `batch` as the level itself has it: dynalite's callback wrapper drops the options (and `sync`).
  const levelBatch = Object.getPrototypeOf(database).batch;
  const commit = (last, callback) => {
    const { operations, sync } = handoff;
    handoff = null;
    operations.push(last);
    // dynalite's own callback wrapper: the same lifecycle tracking and error mapping as its put.
    if (!sync) return database.batch(operations, callback);
    const written = store.lifecycleManager.trackOperation(levelBatch.call(database, operations, { sync: true }));
    written.then(
      () => setImmediate(callback, null),
      (error) => setImmediate(callback, error),
    );
  };
  database.put = function putWithIndexes(key, value, callback) {
    if (collecting?.database === database) return void collecting.operations.push({ type: 'put', key, value });
    if (handoff?.database === database && handoff.itemKey === key) return commit({ type: 'put', key, value }, callback);
    return put.call(this, key, value, callback);
  };
  database.del = function delWithIndexes(key, callback) {
    if (collecting?.database === database) return void collecting.operations.push({ type: 'del', key });
    if (handoff?.database === database && handoff.itemKey === key) return commit({ type: 'del', key }, callback);
    return del.call(this, key, callback);
  };
}

/**
 * Starts dynalite (not yet listening) with the patch applied: `atomic-sync` (the default: one LevelDB
 * batch per item write, fsynced before it is acknowledged), `atomic` (the same batch without the
 * fsync: it survives a killed process, as the OS has it, but not a power cut), or `unpatched`
 * (dynalite as published: for the benchmark and the test that shows the bug).
 * Throws if the installed dynalite is not the pinned one. `database` is the LevelDB instance, for
 * tests that inject failures beneath it.
 *
 * @param {Record<string, unknown>} options dynalite's options
 * @param {{ writes?: EngineWrites }} [how]
 */
export function startDynalite(options, { writes = 'atomic-sync' } = {}) {
  if (!['atomic', 'atomic-sync', 'unpatched'].includes(writes)) throw new Error(`unknown engine writes: ${writes}`);
  install();
  const dynalite = require(dynaliteFolder());
  writesOfNextStore = writes;
  let server;
  try {
    server = dynalite(options);
  } finally {
    writesOfNextStore = 'atomic-sync';
  }
  return { server, database: lastStore.db, close: closerOf(server) };
}

/**
 * How to stop the server without failing requests it is handling: dynalite closes its database when
 * its server closes, and an action that then finds it closed throws out of a callback (an uncaught
 * exception). So: stop accepting, drop idle keep-alive sockets, let running requests finish (5 s at
 * most), then close the rest.
 */
function closerOf(server) {
  let inFlight = 0;
  server.on('request', (_request, response) => {
    inFlight += 1;
    response.once('close', () => (inFlight -= 1));
  });
  return async () => {
    const closed = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const giveUpAt = Date.now() + 5_000; inFlight > 0 && Date.now() < giveUpAt; ) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    server.closeAllConnections();
    await closed;
  };
}
