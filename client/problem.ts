import type { components } from './schema';

/** An RFC 9457 problem document as the service answers it (`application/problem+json`). */
export type ProblemDocument = components['schemas']['Problem'];

/**
 * Every machine code the service answers with (the Problem schema's `code` enum): branch on these,
 * never on `title`, which is for people and in their language.
 */
export type ProblemCode = ProblemDocument['code'];

/** One invalid field of a `validation_failed` problem. */
export type ProblemFieldError = NonNullable<ProblemDocument['errors']>[number];

/**
 * Sets the prototype a subclass of `Error` lost: code compiled down to ES5 (some mini-program build
 * settings) calls `Error` as a function, which returns a plain Error, and `instanceof` then fails.
 */
function keepPrototype(error: Error, prototype: object): void {
  if (Object.getPrototypeOf(error) !== prototype) Object.setPrototypeOf(error, prototype);
}

/**
 * The service refused a call and said why, as problem+json: thrown by every client call whose answer
 * is not a 2xx. `code` is the stable reason (`slot_full`, `booking_window`…); `title` its readable
 * text in the caller's language; `detail` this occurrence; `errors` the invalid fields.
 */
export class ApiProblem extends Error {
  /** The HTTP status (each code has exactly one). */
  readonly status: number;
  /**
   * The stable machine code. A service newer than this client may answer a code it does not list
   * yet: compare with the codes you handle and treat the rest by `status`.
   */
  readonly code: ProblemCode;
  readonly title: string;
  readonly detail: string | undefined;
  /** On `validation_failed`: every invalid field; empty otherwise. */
  readonly errors: ProblemFieldError[];
  /** The answer's headers, lower-case names (`retry-after` on a 429). */
  readonly headers: Readonly<Record<string, string>>;
  /** The problem document as the service sent it. */
  readonly problem: ProblemDocument;

  constructor(problem: ProblemDocument, status: number, headers: Readonly<Record<string, string>> = {}) {
    super(problem.detail ? `${problem.code}: ${problem.detail}` : `${problem.code}: ${problem.title}`);
    keepPrototype(this, new.target.prototype);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.headers = headers;
    this.problem = problem;
  }

  /** Whether this is the problem `code`, narrowing `this.code` to it. */
  is<Code extends ProblemCode>(code: Code): this is ApiProblem & { readonly code: Code } {
    return this.code === code;
  }
}

/** Whether a parsed answer body is a problem document (what an error answer of the service is). */
export function isProblemDocument(body: unknown): body is ProblemDocument {
  if (typeof body !== 'object' || body === null) return false;
  const { code, title, status } = body as Record<string, unknown>;
  return typeof code === 'string' && typeof title === 'string' && typeof status === 'number';
}

/**
 * An error answer that is not a problem document: something between the client and the service (a
 * proxy's HTML page, a gateway's plain 502) answered instead of the service.
 */
export class UnexpectedResponse extends Error {
  constructor(
    readonly status: number,
    /** The body, parsed when it was JSON, else as text. */
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`unexpected ${status} answer without a problem document`);
    keepPrototype(this, new.target.prototype);
    this.name = 'UnexpectedResponse';
  }
}

/**
 * The call got no answer (no network, a timeout, the transport failed). Whether the service acted is
 * unknown: retry a creating call with the same `idempotencyKey` and it acts at most once.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    /** The Idempotency-Key this call sent, if it sent one: pass it again on the retry. */
    readonly idempotencyKey: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    keepPrototype(this, new.target.prototype);
    this.name = 'TransportError';
  }
}
