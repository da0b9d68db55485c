/**
 * How the client reaches the service: one function from a request to its answer, so the same typed
 * client runs on `fetch` (Node, browsers) and on `wx.request` (a WeChat mini-program, which has no
 * `fetch`, `Request`, `Response`, `Headers` or `URL`). Bodies travel as text both ways: the client
 * does the JSON.
 */

/** An HTTP method as transports send it. */
export type TransportMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/** What the client asks a transport to send. */
export interface TransportRequest {
  method: TransportMethod;
  /** Absolute, query string included. */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** JSON text, or nothing. */
  body?: string;
}

/** What a transport got back. */
export interface TransportResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The body as text (empty when there was none). */
  body: string;
}

/** Sends one request; rejects only when no answer came (an error status is an answer). */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** Header names lower-cased: servers and `wx.request` keep whatever case the answer had. */
export function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) lower[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return lower;
}

/** The part of the fetch API the fetch transport uses (so no DOM lib is needed to type it). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; headers: { forEach(callback: (value: string, name: string) => void): void }; text(): Promise<string> }>;

/**
 * A transport over `fetch`: Node 18+, browsers, Deno. `fetchImpl` defaults to the global one, read at
 * call time (so a test or polyfill may set it later).
 */
export function fetchTransport(fetchImpl?: FetchLike): Transport {
  return async (request) => {
    const send = fetchImpl ?? (globalThis as unknown as { fetch?: FetchLike }).fetch;
    if (!send) throw new Error('no fetch here: pass one to fetchTransport, or use wxRequestTransport in a mini-program');
    const response = await send(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  };
}

/** What `wx.request` is given, as far as this transport uses it. */
export interface WxRequestOptions {
  url: string;
  method: TransportMethod;
  header: Record<string, string>;
  data?: string;
  /**
   * `'json'` makes WeChat JSON.parse the answer itself; any other value (WeChat's docs say `'其他'`)
   * leaves it as text, so the client parses problem+json, CSV, iCalendar and empty bodies alike.
   */
  dataType: 'json' | '其他';
  responseType: 'text';
  timeout?: number;
  success: (result: WxRequestSuccess) => void;
  fail: (error: { errMsg: string; errno?: number }) => void;
}

/** What `wx.request` hands `success`: any HTTP answer, error statuses included. */
export interface WxRequestSuccess {
  statusCode: number;
  header?: Record<string, unknown>;
  data: unknown;
}

/** The part of the mini-program's `wx` object the transport needs. */
export interface WxLike {
  request(options: WxRequestOptions): unknown;
}

/** The methods `wx.request` sends, of those the service uses. */
const WX_METHODS: ReadonlySet<TransportMethod> = new Set(['GET', 'PUT', 'POST', 'DELETE']);

/**
 * A transport over `wx.request`, for a WeChat mini-program: `wxRequestTransport(wx)`. The service's
 * domain must be among the mini-program's request domains (or "不校验合法域名" in the developer tools).
 * `wx.request` takes only GET, POST, PUT, DELETE (and OPTIONS, HEAD, TRACE, CONNECT): the one PATCH
 * route (`PATCH /stations/{stationId}`) cannot be called from a mini-program.
 */
export function wxRequestTransport(wx: WxLike, options: { timeoutMs?: number } = {}): Transport {
  return (request) =>
    new Promise<TransportResponse>((resolve, reject) => {
      // Said here, in words, rather than left to whatever wx.request makes of an unknown method.
      if (!WX_METHODS.has(request.method)) {
        reject(new Error(`wx.request cannot send ${request.method}`));
        return;
      }
      wx.request({
        url: request.url,
        method: request.method,
        header: request.headers,
        ...(request.body !== undefined ? { data: request.body } : {}),
        dataType: '其他',
        responseType: 'text',
        ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
        success: (result) => {
          // Text was asked for; an object can still come from an old base library or a stub, so it is
          // turned back into the text the client parses.
          const body = typeof result.data === 'string' ? result.data : result.data === undefined || result.data === null ? '' : JSON.stringify(result.data);
          resolve({ status: result.statusCode, headers: lowerCaseHeaders(result.header), body });
        },
        fail: (error) => reject(new Error(`wx.request failed: ${error.errMsg}`)),
      });
    });
}
