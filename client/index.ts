/**
 * The grid service's typed client. Runtime code only, free of Node modules, so a mini-program can
 * bundle it: `createClient({ baseUrl, transport: wxRequestTransport(wx) })`.
 */
export {
  type ApiResponse,
  type ClientOptions,
  type GridClient,
  type HttpMethod,
  type OperationAt,
  type PathsWith,
  type RequestBody,
  type RequestOptions,
  type ResponseData,
  type SignInResult,
  type SuccessData,
  createClient,
} from './client';
export { newIdempotencyKey } from './idempotency-key';
export { ApiProblem, type ProblemCode, type ProblemDocument, type ProblemFieldError, TransportError, UnexpectedResponse } from './problem';
export type { components, operations, paths } from './schema';
export {
  type FetchLike,
  type Transport,
  type TransportMethod,
  type TransportRequest,
  type TransportResponse,
  type WxLike,
  type WxRequestOptions,
  type WxRequestSuccess,
  fetchTransport,
  wxRequestTransport,
} from './transport';
