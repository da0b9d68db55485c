import { afterAll, beforeAll, expect } from 'vitest';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../infra/local/runtime';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is: malformed-body tests, multipart uploads (set the content type in `headers`). */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

/**
 * A running local backend for one test file (in memory, its own ports), and a client for it. The file
 * fails if any function made a table call its declared access does not allow.
 */
export interface RuntimeHarness {
  runtime: () => Runtime;
  api: <T = any>(method: string, path: string, options?: RequestOptions) => Promise<ApiResponse<T>>;
  /** Signs in as a seeded user with the local `dev:` code and returns the bearer token. */
  signIn: (userId: string) => Promise<string>;
}

export function useRuntime(options: RuntimeOptions = {}): RuntimeHarness {
  let runtime: Runtime | undefined;
  beforeAll(async () => {
    runtime = await startRuntime({ port: 0, timers: false, retryDelayMs: () => 5, ...options });
  });
  afterAll(async () => {
    const denials = runtime?.tableAccessDenials() ?? [];
    const objectDenials = runtime?.objectAccessDenials() ?? [];
    const secretDenials = runtime?.secretAccessDenials() ?? [];
    await runtime?.close();
    // Every function kept to its declared table access (infra/table-access.ts), including calls a
    // handler logs and carries on after (the outbox's clean-up), which no response would show.
    expect(denials, 'table calls refused by infra/table-access.ts').toEqual([]);
    // And to its declared access to the photos bucket (infra/photo-access.ts).
    expect(objectDenials, 'photos bucket calls refused by infra/photo-access.ts').toEqual([]);
    // And to its declared access to departments' signing secrets (infra/department-secrets.ts).
    expect(secretDenials, 'Secrets Manager calls refused by infra/department-secrets.ts').toEqual([]);
  });

  const api = async <T>(method: string, path: string, request: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...request.headers };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    let body: string | Uint8Array | undefined = request.rawBody;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${runtime!.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (the docs page): keep the text.
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  };

  const signIn = async (userId: string) => {
    const response = await api<{ token: string }>('POST', '/auth/wechat', { body: { code: `dev:${userId}` } });
    if (response.status !== 200) throw new Error(`sign-in as ${userId} failed: ${JSON.stringify(response.body)}`);
    return response.body.token;
  };

  return { runtime: () => runtime!, api, signIn };
}
