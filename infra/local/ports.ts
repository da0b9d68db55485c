import { createServer } from 'node:net';

/**
 * Which port each part of the local backend listens on (all on 127.0.0.1). `npm start` derives them
 * from `PORT` ({@link portsFrom}), so they stay the same across restarts and a developer's tools (an
 * `--endpoint-url`, a saved S3 browser profile) keep working; tests leave them at 0, a free port each.
 */
export interface LocalPorts {
  /** The embedded DynamoDB engine: PORT+1. */
  engine: number;
  /** The local EventBridge endpoint: PORT+2. */
  bus: number;
  /** The photos bucket's S3 stand-in: PORT+3. */
  objectStore: number;
  /** The WeChat stand-in, when it runs: PORT+4. */
  wechatStandIn: number;
  /** The Secrets Manager stand-in (departments' signing secrets): PORT+5. */
  secretsStore: number;
  /** The department simulator (urban management's system), when it runs: PORT+6. */
  departmentSimulator: number;
}

/** What each part is called in messages, the API gateway (`PORT` itself) included. */
export const portParts: Record<keyof LocalPorts | 'gateway', string> = {
  gateway: 'the API gateway',
  engine: 'the DynamoDB engine',
  bus: 'the event bus',
  objectStore: 'the S3 object store',
  wechatStandIn: 'the WeChat stand-in',
  secretsStore: 'the Secrets Manager stand-in',
  departmentSimulator: 'the department simulator',
};

/** How far past `PORT` the derived ports go. */
export const DERIVED_PORTS = 6;

/** The ports derived from the gateway's: PORT+1 … PORT+6; all 0 (free ports) when it is 0. */
export function portsFrom(port: number): LocalPorts {
  const next = (offset: number) => (port === 0 ? 0 : port + offset);
  return { engine: next(1), bus: next(2), objectStore: next(3), wechatStandIn: next(4), secretsStore: next(5), departmentSimulator: next(6) };
}

/** `PORT` as given: a whole number from 0 to 65535 − {@link DERIVED_PORTS}, so the derived ports exist too. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const port = Number(text);
  return port <= 65535 - DERIVED_PORTS ? port : undefined;
}

/** A part could not listen on its port because something else holds it. */
export class PortTakenError extends Error {
  constructor(
    readonly part: keyof typeof portParts,
    readonly port: number,
  ) {
    super(`port ${port} (${portParts[part]}) is already in use`);
    this.name = 'PortTakenError';
  }
}

/**
 * Fails with a {@link PortTakenError} for the first fixed port (not 0) another program holds, by
 * listening on each for a moment: run before anything starts, so a taken port stops the start before
 * the engine opens the data folder or anything is seeded.
 */
export async function assertPortsFree(ports: Partial<Record<keyof typeof portParts, number>>): Promise<void> {
  const fixed = Object.entries(ports).filter(([, port]) => port !== undefined && port !== 0) as [keyof typeof portParts, number][];
  const seen = new Map<number, string>();
  for (const [part, port] of fixed) {
    const other = seen.get(port);
    if (other) throw new Error(`${portParts[part]} and ${other} are both given port ${port}`);
    seen.set(port, portParts[part]);
  }
  for (const [part, port] of fixed) await claimBriefly(part, port);
}

function claimBriefly(part: keyof typeof portParts, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortTakenError(part, port) : error));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * Runs `listen` (a part starting on `port`) and turns "address in use" into a {@link PortTakenError}
 * naming the part: what holds a port may take it between {@link assertPortsFree} and the start.
 */
export async function onPort<T>(part: keyof typeof portParts, port: number, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') throw new PortTakenError(part, port);
    throw error;
  }
}
