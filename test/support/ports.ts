import { createServer } from 'node:net';
import { DERIVED_PORTS, assertPortsFree } from '../../infra/local/ports';

/** A port the system has free now. */
export const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

/**
 * A `PORT` for `npm start` whose derived ports (PORT+1 … PORT+4, infra/local/ports.ts) are free too:
 * a free port the system picks, kept when the next four are free as well.
 */
export async function freePortBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await freePort();
    if (port > 65535 - DERIVED_PORTS) continue;
    const block = Array.from({ length: DERIVED_PORTS + 1 }, (_, offset) => port + offset);
    try {
      // assertPortsFree takes one port per part: the block's ports under any distinct names.
      await assertPortsFree({ gateway: block[0], engine: block[1], bus: block[2], objectStore: block[3], wechatStandIn: block[4] });
      return port;
    } catch {
      // One of the next four is taken: try another.
    }
  }
  throw new Error('found no free block of ports');
}
