import { newIdempotencyKey } from './idempotency-key';
import { idempotentOperations } from './operations';
import { ApiProblem, TransportError, UnexpectedResponse, isProblemDocument } from './problem';
import type { components, paths } from './schema';
import type { Transport, TransportMethod } from './transport';

/** The methods the service's routes use. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** The paths of `Paths` that have an operation for `Method`. */
export type PathsWith<Paths, Method extends HttpMethod> = {
  [Path in keyof Paths]: Paths[Path] extends Record<Method, object> ? Path : never;
}[keyof Paths] &
  string;

/** The operation at `Path` for `Method`. */
export type OperationAt<Paths, Path extends keyof Paths, Method extends HttpMethod> = Paths[Path] extends Record<Method, infer Operation>
  ? Operation
  : never;

type PathParams<Operation> = Operation extends { parameters: { path: infer Params } } ? Params : never;
type QueryParams<Operation> = Operation extends { parameters: { query?: infer Query } } ? Exclude<Query, undefined> : never;
type HeaderParams<Operation> = Operation extends { parameters: { header?: infer Header } } ? Exclude<Header, undefined> : never;
type RequestBodyOf<Operation> = Operation extends { requestBody?: infer Body } ? Exclude<Body, undefined> : never;
/** The JSON body an operation takes; never for none (or for a multipart upload, which `wx.uploadFile` sends). */
type JsonBody<Operation> = [RequestBodyOf<Operation>] extends [never]
  ? never
  : RequestBodyOf<Operation> extends { content: { 'application/json': infer Body } }
    ? Body
    : never;

/** An option named `Name` of type `T`: absent when `T` is never, optional when `T` needs nothing. */
type OptionOf<Name extends string, T, RequiredEvenIfEmpty extends boolean = false> = [T] extends [never]
  ? { [K in Name]?: never }
  : RequiredEvenIfEmpty extends true
    ? { [K in Name]: T }
    : {} extends T
      ? { [K in Name]?: T }
      : { [K in Name]: T };

/** The headers a caller may set on an operation: those it declares (If-Match…), and any other. */
type HeadersOption<Operation> = { [Name in keyof HeaderParams<Operation>]?: string } & Record<string, string | undefined>;

/**
 * What a call of `Operation` takes: `path` and `query` parameters, the JSON `body` (required whenever
 * the operation has one), extra `headers`, and the `idempotencyKey` on operations that declare one.
 */
export type RequestOptions<Operation> = OptionOf<'path', PathParams<Operation>> &
  OptionOf<'query', QueryParams<Operation>> &
  OptionOf<'body', JsonBody<Operation>, true> & {
    headers?: HeadersOption<Operation>;
  } & ('Idempotency-Key' extends keyof HeaderParams<Operation>
    ? {
        /**
         * The key to send. Leave it out on a first attempt (the client makes one); pass the one an
         * earlier attempt sent (`response.idempotencyKey`, `TransportError.idempotencyKey`) when retrying,
         * so the service acts once.
         */
        idempotencyKey?: string;
      }
    : { idempotencyKey?: never });

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
/** The options argument: optional when nothing in it is required. */
type OptionsArgument<Options> = [RequiredKeys<Options>] extends [never] ? [options?: Options] : [options: Options];

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
/**
 * A response's body: its JSON, or text for any other media type. An answer offered as JSON and as
 * text (`?format=csv` of the monthly grid table) is either, so a caller narrows it.
 */
type ContentOf<Response> = Response extends { content: infer Content }
  ? 'application/json' extends keyof Content
    ? Content['application/json'] | ([Exclude<keyof Content, 'application/json'>] extends [never] ? never : string)
    : string
  : undefined;
type Responses<Operation> = Operation extends { responses: infer All } ? All : never;

/** The body of an operation's success: its JSON, text for CSV or iCalendar, `undefined` for no content. */
export type SuccessData<Operation> = {
  [Status in keyof Responses<Operation>]: Status extends SuccessStatus ? ContentOf<Responses<Operation>[Status]> : never;
}[keyof Responses<Operation>];

/** What a success of `Method` on `Path` answers: `ResponseData<'/stations', 'get'>`. */
export type ResponseData<Path extends PathsWith<paths, Method>, Method extends HttpMethod> = SuccessData<OperationAt<paths, Path, Method>>;

/** The JSON body `Method` on `Path` takes: `RequestBody<'/requests', 'post'>`. */
export type RequestBody<Path extends PathsWith<paths, Method>, Method extends HttpMethod> = JsonBody<OperationAt<paths, Path, Method>>;

/** A successful answer. Errors are thrown: {@link ApiProblem}, `UnexpectedResponse`, `TransportError`. */
export interface ApiResponse<Data> {
  status: number;
  /** Lower-case names (`etag` for a later `If-Match`, `location`…). */
  headers: Record<string, string>;
  data: Data;
  /** The Idempotency-Key sent, on operations that take one. */
  idempotencyKey?: string;
}

/** One method of the client: `client.get('/stations/{stationId}', { path: { stationId } })`. */
type MethodCall<Paths, Method extends HttpMethod> = <Path extends PathsWith<Paths, Method>>(
  path: Path,
  ...options: OptionsArgument<RequestOptions<OperationAt<Paths, Path, Method>>>
) => Promise<ApiResponse<SuccessData<OperationAt<Paths, Path, Method>>>>;

/** What `POST /auth/wechat` answers: the token, its lifetime and who it names. */
export type SignInResult = components['schemas']['Session'];

/** A client of the grid service, typed by its OpenAPI document. */
export interface GridClient {
  get: MethodCall<paths, 'get'>;
  post: MethodCall<paths, 'post'>;
  put: MethodCall<paths, 'put'>;
  patch: MethodCall<paths, 'patch'>;
  delete: MethodCall<paths, 'delete'>;
  /**
   * Signs in with a WeChat login code (`wx.login()`'s `code`; on `npm start`, `dev:<userId>` or any
   * `wx-…` code) and sends the token it gets as `Authorization: Bearer` on every later call.
   */
  signIn(code: string): Promise<SignInResult>;
  /** The bearer token now sent, if any. */
  readonly token: string | undefined;
  /** Sets (a token kept from an earlier sign-in, e.g. in `wx.getStorageSync`) or clears the token. */
  setToken(token: string | undefined): void;
}

/** How to reach the service. */
export interface ClientOptions {
  /** The service's base URL, without a trailing path: `http://127.0.0.1:3000`, `https://api.example.cn`. */
  baseUrl: string;
  /** `fetchTransport()` or `wxRequestTransport(wx)`. */
  transport: Transport;
  /** A token from an earlier sign-in. */
  token?: string;
  /** Titles of problems, notices and labels in this language (`Accept-Language`); the service's default is Chinese. */
  language?: 'zh' | 'en';
}

/** Encodes a query: arrays as repeated keys, booleans as `true`/`false`, absent values left out. */
function queryString(query: Record<string, unknown> | undefined): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
    }
  }
  return pairs.length ? `?${pairs.join('&')}` : '';
}

function fillPath(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new TypeError(`missing path parameter ${name} of ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** The body as its content type says: JSON parsed, anything else as text, nothing as `undefined`. */
function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType && /[/+]json\b/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

type LooseOptions = {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string | undefined>;
  idempotencyKey?: string;
};

/**
 * A typed client of the grid service over a transport: `fetchTransport()` in Node or a browser,
 * `wxRequestTransport(wx)` in a mini-program. Every path, parameter, body and answer is typed from the
 * generated `paths`; an error answer is thrown as {@link ApiProblem} with its stable `code`.
 */
export function createClient(options: ClientOptions): GridClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  let token = options.token;

  async function call(method: HttpMethod, path: string, request: LooseOptions = {}): Promise<ApiResponse<unknown>> {
    const headers: Record<string, string> = {};
    if (options.language) headers['accept-language'] = options.language;
    if (token) headers.authorization = `Bearer ${token}`;
    // The caller's own headers last: one call may speak another language or carry another token.
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    let idempotencyKey: string | undefined;
    if (idempotentOperations.has(`${method} ${path}`)) {
      idempotencyKey = request.idempotencyKey ?? headers['idempotency-key'] ?? newIdempotencyKey();
      headers['idempotency-key'] = idempotencyKey;
    }
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    const url = `${baseUrl}${fillPath(path, request.path)}${queryString(request.query)}`;
    let answer;
    try {
      answer = await options.transport({ method: method.toUpperCase() as TransportMethod, url, headers, ...(body !== undefined ? { body } : {}) });
    } catch (error) {
      throw new TransportError(`${method.toUpperCase()} ${path}: no answer (${error instanceof Error ? error.message : String(error)})`, idempotencyKey, {
        cause: error,
      });
    }
    const data = parseBody(answer.body, answer.headers['content-type']);
    if (answer.status < 200 || answer.status > 299) {
      if (isProblemDocument(data)) throw new ApiProblem(data, answer.status, answer.headers);
      throw new UnexpectedResponse(answer.status, data, answer.headers);
    }
    return { status: answer.status, headers: answer.headers, data, ...(idempotencyKey ? { idempotencyKey } : {}) };
  }

  // The typed methods are `call` with the method fixed; their types come from GridClient.
  const method =
    (name: HttpMethod) =>
    (path: string, ...rest: unknown[]) =>
      call(name, path, rest[0] as LooseOptions | undefined);

  return {
    get: method('get') as GridClient['get'],
    post: method('post') as GridClient['post'],
    put: method('put') as GridClient['put'],
    patch: method('patch') as GridClient['patch'],
    delete: method('delete') as GridClient['delete'],
    async signIn(code) {
      const { data } = await call('post', '/auth/wechat', { body: { code } });
      const result = data as SignInResult;
      token = result.token;
      return result;
    },
    get token() {
      return token;
    },
    setToken(next) {
      token = next;
    },
  };
}
