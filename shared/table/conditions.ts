/**
 * Whether a write was refused by its condition expression: the normal way an invariant says no
 * (a seat taken, a stale version, an id already used), as opposed to a fault.
 */
export const isConditionFailure = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
