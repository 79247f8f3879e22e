/**
 * Wraps a rule's visitors so that a rule that throws is recorded once and then skipped for the rest of the
 * file, while the other rules keep reporting. Language front ends share it.
 */
export function createRuleGuard(onError: (error: unknown) => void): <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void {
  let failed = false;
  return (fn) =>
    (...args) => {
      if (failed) return;
      try {
        fn(...args);
      } catch (error) {
        failed = true;
        onError(error);
      }
    };
}
