/**
 * Whether a write was refused by its condition expression: the normal way an invariant says no
 * (a seat taken, a stale version, an id already used), as opposed to a fault.
 */
export const isConditionFailure = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/**
 * Runs a conditional write and tells whether its condition held: `true` when it was written, `false`
 * when the condition refused it. Any other failure is a fault and is thrown.
 *
 * @example if (!(await writeIf(client.send(new PutCommand({ …, ConditionExpression })))) throw conflict();
 */
export async function writeIf(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Runs a conditional write and returns its output, or `undefined` when the condition refused it
 * (for writes whose `ReturnValues` the caller needs). Any other failure is thrown.
 */
export async function writeOrUndefined<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
