import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newIdempotencyKey } from '../../../client/index';

const clientFolder = resolve(import.meta.dirname, '../../../client');
/** Build-time only (Node, openapi-typescript): never part of what a mini-program bundles. */
const BUILD_TIME = new Set(['generate.ts']);
/**
 * What a WeChat mini-program's JavaScript lacks: Node's modules and globals, and the fetch API's
 * classes (`wx.request` instead), `URL` and `URLSearchParams`.
 */
const UNAVAILABLE = /from ['"]node:|\brequire\(|\bprocess\.|\bBuffer\b|new (URL|URLSearchParams|Headers|Request|Response)\b|\bURLSearchParams\b/;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => vi.unstubAllGlobals());

describe('the runtime client', () => {
  it('uses nothing a mini-program lacks', () => {
    // Prepare
    const files = readdirSync(clientFolder).filter((name) => name.endsWith('.ts') && !BUILD_TIME.has(name));
    // Act
    const offending = files.filter((name) => UNAVAILABLE.test(readFileSync(join(clientFolder, name), 'utf8')));
    // Assess
    expect(files).toContain('client.ts');
    expect(offending).toEqual([]);
  });

  it('makes version-4 UUIDs as Idempotency-Keys, with crypto.randomUUID and without it', () => {
    // Act
    const withCrypto = [newIdempotencyKey(), newIdempotencyKey()];
    vi.stubGlobal('crypto', undefined);
    const withoutCrypto = [newIdempotencyKey(), newIdempotencyKey()];
    // Assess
    for (const key of [...withCrypto, ...withoutCrypto]) expect(key).toMatch(UUID_V4);
    expect(new Set([...withCrypto, ...withoutCrypto]).size).toBe(4);
  });
});
