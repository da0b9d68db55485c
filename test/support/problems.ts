import { expect } from 'vitest';
import { ProblemError } from '../../shared/http/errors';

/** The ProblemError a call failed with (the test fails if it succeeded or failed otherwise). */
export async function problemOf(promise: Promise<unknown>): Promise<ProblemError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemError);
  return error as ProblemError;
}

/** The status and code of the problem a call throws, or undefined when it returns. */
export function problemThrownBy(act: () => unknown): { status: number; code: string } | undefined {
  try {
    act();
  } catch (error) {
    return { status: (error as ProblemError).status, code: (error as ProblemError).code };
  }
  return undefined;
}
