/**
 * Wraps a rule's visitors so that a rule that throws costs only what it was looking at. A visitor that throws on
 * one node loses that node's findings: the failure is recorded with the node's offset and the rule goes on with
 * the next node (a checker recursion on one odd expression, a bug on one rare shape). A rule that keeps failing
 * (MAX_NODE_FAILURES nodes in one file) is a broken rule, not an odd node: it is then skipped for the rest of the
 * file and its failure recorded for the whole file. An end-of-file visitor has no node: its failure is the
 * whole file's. Language front ends share it.
 */
export const MAX_NODE_FAILURES = 20;

export interface RuleFailure {
  error: unknown;
  /** The offset of the node the visitor failed on; absent when the rule failed for the whole file. */
  offset?: number;
}

export interface RuleGuard {
  /** A node visitor: a throw skips that node (see above). `offsetOf` must not throw. */
  node<N>(fn: (node: N) => void, offsetOf: (node: N) => number): (node: N) => void;
  /** A visitor without a node (end of file): a throw is the whole file's failure. */
  end(fn: () => void): () => void;
}

export function createRuleGuard(onError: (failure: RuleFailure) => void): RuleGuard {
  let failedNodes = 0;
  let disabled = false;
  return {
    node: (fn, offsetOf) => (node) => {
      if (disabled) return;
      try {
        fn(node);
      } catch (error) {
        failedNodes++;
        if (failedNodes >= MAX_NODE_FAILURES) {
          disabled = true;
          onError({ error });
        } else {
          onError({ error, offset: offsetOf(node) });
        }
      }
    },
    end: (fn) => () => {
      if (disabled) return;
      try {
        fn();
      } catch (error) {
        disabled = true;
        onError({ error });
      }
    },
  };
}
