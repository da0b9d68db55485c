// The embedded engine in a process of its own that, once armed (IPC message 'arm'), dies by SIGKILL
// the moment a LevelDB write that includes an item reaches LevelDB: whatever the engine wrote before
// that moment is on disk, that write and everything after it is not. Nothing is flushed or closed,
// as with `kill -9`. Used by test/integration/local/dynalite-atomic.test.ts.
//
// Arguments: how it writes ('atomic', 'atomic-sync', 'unpatched'), then the data folder.
import { startDynalite } from '../../infra/local/dynalite-atomic.mjs';

const [writes, path] = process.argv.slice(2);
const { server, database } = startDynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }, { writes });

// dynalite keeps each table's items under keys starting `item-`, its index entries under `index-`.
const isItemKey = (key) => (typeof key === 'string' ? key : Buffer.from(key).toString()).startsWith('item-');

process.on('message', (message) => {
  if (message !== 'arm') return;
  // Beneath dynalite and the patch: the level's private write methods, which hand writes to LevelDB.
  for (const method of ['_put', '_del', '_batch']) {
    const write = database[method];
    database[method] = function dieBeforeItemWrite(first, ...rest) {
      const keys = method === '_batch' ? first.map((operation) => operation.key) : [first];
      if (keys.some(isItemKey)) process.kill(process.pid, 'SIGKILL');
      return write.call(this, first, ...rest);
    };
  }
  process.send('armed');
});

server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
