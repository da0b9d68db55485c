// The embedded engine in a process of its own, so the engine and the handlers each get a core, as
// DynamoDB and Lambda would. Started by engine.ts (`separateProcess`); reports its port over IPC and
// stops when its parent goes away.
// Arguments: how it writes (see dynalite-atomic.mjs), the port (0: a free one), then the data folder
// (in memory without one). A port it cannot listen on is reported over IPC (its error code), not thrown.
import { startDynalite } from './dynalite-atomic.mjs';

const [writes, port, path] = process.argv.slice(2);
// Refuses (and so exits before reporting a port) a dynalite the atomic-write patch was not written for.
const { server, close } = startDynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }, { writes });
server.once('error', (error) => {
  process.send({ error: { code: error.code, message: error.message } }, () => process.exit(1));
});
server.listen(Number(port), '127.0.0.1', () => process.send({ port: server.address().port }));
const stop = () => close().then(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
