/**
 * The attempts, among `attempts`, that a stand-in of the bundles (shared/aws/) refuses as asking for
 * what it does not have: each throws an error saying so ("… is not in the bundles …"). A stand-in
 * must refuse, never quietly do something else, what the real package would do.
 */
export function refusedAsNotInBundles(attempts: readonly (() => unknown)[]): (() => unknown)[] {
  return attempts.filter((attempt) => {
    try {
      attempt();
      return false;
    } catch (error) {
      return /not in the bundles/.test((error as Error).message);
    }
  });
}
