import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalBus } from '../../../infra/local/bus';
import { startEngine } from '../../../infra/local/engine';
import { PortTakenError, onPort, parsePort, portsFrom } from '../../../infra/local/ports';
import { startRuntime } from '../../../infra/local/runtime';
import { startWeChatStandIn } from '../../../infra/local/wechat-stand-in';
import { freePortBlock } from '../../support/ports';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
const folder = () => {
  const made = mkdtempSync(join(tmpdir(), 'grid-ports-'));
  folders.push(made);
  return made;
};

/** Another program on a port: a plain listener, held until `close`. */
async function holdPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a promise rejected with (it must reject). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('it started'),
    (error: unknown) => error,
  );
}

const portOf = (url: string) => Number(new URL(url).port);

describe('the ports npm start derives from PORT', () => {
  it('are PORT+1 … PORT+6, or all free ones for PORT=0; PORT must leave room for them', () => {
    expect(portsFrom(3000)).toEqual({ engine: 3001, bus: 3002, objectStore: 3003, wechatStandIn: 3004, secretsStore: 3005, departmentSimulator: 3006 });
    expect(portsFrom(0)).toEqual({ engine: 0, bus: 0, objectStore: 0, wechatStandIn: 0, secretsStore: 0, departmentSimulator: 0 });
    expect(['3000', '0', ' 8080 ', '65529'].map(parsePort)).toEqual([3000, 0, 8080, 65529]);
    expect(['', 'abc', '-1', '3000.5', '65530', '1e3'].map(parsePort)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('are the ones each part listens on, the same after a restart on the same folder', async () => {
    // Prepare
    const port = await freePortBlock();
    const dataDir = folder();
    const start = () =>
      startRuntime({ port, ports: portsFrom(port), dataDir, separateEngineProcess: true, wechatStandIn: true, seed: false, timers: false });
    // Act
    const first = await start();
    const firstPorts = [first.url, first.engine.endpoint, first.busUrl, first.objectStoreUrl, process.env.WECHAT_BASE_URL!].map(portOf);
    await first.close();
    const second = await start();
    const secondPorts = [second.url, second.engine.endpoint, second.busUrl, second.objectStoreUrl, process.env.WECHAT_BASE_URL!].map(portOf);
    const health = await fetch(`${second.url}/health`);
    await second.close();
    // Assess
    expect(firstPorts).toEqual([port, port + 1, port + 2, port + 3, port + 4]);
    expect(secondPorts).toEqual(firstPorts);
    expect(health.status).toBe(200);
  });
});

describe('a port another program holds', () => {
  it('stops the start before anything starts, naming the part and the port', async () => {
    // Prepare
    const taken = await holdPort();
    const dataDir = join(folder(), 'data');
    try {
      // Act
      const error = await rejectionOf(startRuntime({ port: 0, ports: { bus: taken.port }, dataDir, seed: false, timers: false }));
      // Assess
      expect(error).toBeInstanceOf(PortTakenError);
      expect(error).toMatchObject({ part: 'bus', port: taken.port, message: `port ${taken.port} (the event bus) is already in use` });
      // The data folder was not even made: the engine never opened it.
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await taken.close();
    }
  });

  it('names the gateway when PORT itself is taken', async () => {
    // Prepare
    const taken = await holdPort();
    try {
      // Act
      const error = await rejectionOf(startRuntime({ port: taken.port, seed: false, timers: false }));
      // Assess
      expect(error).toMatchObject({ part: 'gateway', port: taken.port });
    } finally {
      await taken.close();
    }
  });

  it('is refused by every part as an error to catch, not a crash, should it be taken after the check', async () => {
    // Prepare: each part started straight on a taken port, as if something took it after assertPortsFree.
    const taken = await holdPort();
    try {
      // Act
      const engineInProcess = await rejectionOf(onPort('engine', taken.port, () => startEngine({ port: taken.port })));
      const engineProcess = await rejectionOf(onPort('engine', taken.port, () => startEngine({ port: taken.port, separateProcess: true })));
      const bus = await rejectionOf(onPort('bus', taken.port, () => new LocalBus({ busName: 'ports-test', lambdas: { invoke: async () => undefined } }).listen(taken.port)));
      const standIn = await rejectionOf(onPort('wechatStandIn', taken.port, () => startWeChatStandIn('app', taken.port)));
      // Assess
      expect(engineInProcess).toMatchObject({ part: 'engine', port: taken.port });
      expect(engineProcess).toMatchObject({ part: 'engine', port: taken.port });
      expect(bus).toMatchObject({ part: 'bus', port: taken.port });
      expect(standIn).toMatchObject({ part: 'wechatStandIn', port: taken.port });
    } finally {
      await taken.close();
    }
  });
});
