/**
 * Issue 13: photos. How long a 3 MB photo takes from the upload's first byte to a thumbnail its
 * owner can fetch (the upload route, the bus, the processing consumer: decode, orient, strip, two
 * JPEGs, three S3 writes and a delete), and how many bytes a grid worker's phone fetches for a list
 * of ten requests with a thumbnail each, against the same list's JSON alone. In process, the local
 * object store and engine on this machine: the shape of the work, not Lambda's timings.
 */
import { type Runtime, startRuntime } from '../infra/local/runtime';
import { multipartBody, photoOfBytes } from '../test/support/photos';
import type { Bench, BenchRow } from './types';

const ROUNDS = 5;
const LIST_SIZE = 10;
const round = (value: number) => Math.round(value * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function call(runtime: Runtime, method: string, path: string, token: string | undefined, body?: unknown, raw?: { bytes: Uint8Array; contentType: string }) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (raw) headers['content-type'] = raw.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers,
    ...(raw ? { body: raw.bytes } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { json: JSON.parse(text) as any, bytes: Buffer.byteLength(text) };
}

const signIn = async (runtime: Runtime, userId: string): Promise<string> =>
  (await call(runtime, 'POST', '/auth/wechat', undefined, { code: `dev:${userId}` })).json.token;

/** Uploads a photo and waits until its thumbnail is there to fetch; the time from the first byte to that. */
async function uploadToThumbnail(runtime: Runtime, token: string, photo: Buffer): Promise<{ ms: number; id: string }> {
  const form = multipartBody({ field: 'file', filename: 'tmp_photo.jpg', contentType: 'image/jpeg', bytes: photo });
  const started = performance.now();
  const sent = await call(runtime, 'POST', '/uploads', token, undefined, { bytes: form.body, contentType: form.contentType });
  await runtime.bus.idle();
  const ready = await call(runtime, 'GET', `/uploads/${sent.json.id}`, token);
  if (ready.json.status !== 'ready') throw new Error(`upload ${sent.json.id} is ${ready.json.status}`);
  const thumbnail = await fetch(ready.json.thumbnailUrl);
  await thumbnail.arrayBuffer();
  if (!thumbnail.ok) throw new Error(`thumbnail: ${thumbnail.status}`);
  return { ms: performance.now() - started, id: sent.json.id };
}

export const bench: Bench = async () => {
  const runtime = await startRuntime({ port: 0, timers: false });
  try {
    const resident = await signIn(runtime, 'demo-resident');
    const worker = await signIn(runtime, 'demo-grid-worker');
    const photo = await photoOfBytes(3);
    const times: number[] = [];
    const ids: string[] = [];
    // The first round warms the process (sharp's first decode, the SDK); it is measured like the rest.
    for (let index = 0; index < ROUNDS; index += 1) {
      const { ms, id } = await uploadToThumbnail(runtime, resident, photo);
      times.push(ms);
      ids.push(id);
    }
    // Ten requests with a photo each, in the worker's queue.
    while (ids.length < LIST_SIZE) ids.push((await uploadToThumbnail(runtime, resident, photo)).id);
    for (const [index, id] of ids.entries()) {
      await call(runtime, 'POST', '/requests', resident, {
        categoryId: 'sanitation',
        description: `第${index}条：楼道堆物`,
        location: { lat: 32.003, lng: 118.742 },
        photos: [id],
      });
    }
    const list = await call(runtime, 'GET', `/me/queue?status=submitted&limit=${LIST_SIZE}`, worker);
    const thumbnails = await Promise.all(
      (list.json.items as { thumbnailUrl?: string }[]).map(async (item) => {
        if (!item.thumbnailUrl) throw new Error('a request in the list has no thumbnail');
        return (await (await fetch(item.thumbnailUrl)).arrayBuffer()).byteLength;
      }),
    );
    const thumbnailBytes = thumbnails.reduce((sum, bytes) => sum + bytes, 0);
    const rows: BenchRow[] = [
      {
        name: 'photos: 3 MB photo, upload to thumbnail',
        value: round(median(times)),
        unit: 'ms',
        note: `median of ${ROUNDS} (${times.map(round).join(', ')}); ${(photo.length / 2 ** 20).toFixed(2)} MiB JPEG 4032×3024 in, display ≤1280 px and thumbnail ≤320 px out, in process`,
      },
      {
        name: `photos: list of ${LIST_SIZE} requests with thumbnails`,
        value: Math.round((list.bytes + thumbnailBytes) / 1024),
        unit: 'KiB',
        note: `JSON ${round(list.bytes / 1024)} KiB + ${thumbnails.length} thumbnails ${round(thumbnailBytes / 1024)} KiB (${round(thumbnailBytes / thumbnails.length / 1024)} KiB each); the ten originals were ${round((photo.length * LIST_SIZE) / 2 ** 20)} MiB`,
      },
    ];
    return rows;
  } finally {
    await runtime.close();
  }
};
