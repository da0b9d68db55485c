import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { LocalBus } from './bus';

/**
 * The local bus's HTTP face: EventBridge's PutEvents protocol (what the SDK client sends), plus the
 * dead letters to look at and redrive. Everything else is the bus itself (`bus.ts`).
 */
export function busEndpoint(bus: LocalBus): RequestListener {
  return (request, response) => {
    handle(bus, request, response).catch((error: unknown) => {
      json(response, 500, { __type: 'InternalException', message: String(error) });
    });
  };
}

async function handle(bus: LocalBus, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET' && request.url === '/dead-letters') {
    return json(response, 200, bus.listDeadLetters());
  }
  if (request.method === 'POST' && request.url === '/dead-letters/redrive') {
    return json(response, 200, { redriven: await bus.redrive() });
  }
  const target = request.headers['x-amz-target'];
  const body = await readBody(request);
  if (target !== 'AWSEvents.PutEvents') {
    return json(response, 400, { __type: 'UnknownOperationException', message: `${String(target)} is not supported locally` });
  }
  if (bus.inOutage) {
    return json(response, 503, { __type: 'ServiceUnavailableException', message: 'injected outage' });
  }
  const { Entries = [] } = JSON.parse(body) as { Entries?: Parameters<LocalBus['putEvents']>[0] };
  const results = await bus.putEvents(Entries);
  return json(response, 200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
