// `for line in f` in a coroutine, where each step of the loop does blocking work on the event loop's thread:
// a file object on disk (python-files.ts). The loop's statement is reported at its iterable.
import { PY_FILE_ITERATION } from "../knowledge/python-files";
import type { PyFileAnalysis } from "../lang/python/analysis";
import type { PyNode } from "../lang/python/tree";

export interface PyBlockingIteration {
  /** What each step blocks on, completing "it ...". */
  reason: string;
  replacement: string;
}

/** The iterable of a synchronous `for` statement or comprehension clause, when iterating it blocks. */
export function blockingIterationOf(iterable: PyNode, analysis: PyFileAnalysis): PyBlockingIteration | undefined {
  if (analysis.types.typeOf(iterable) === PY_FILE_ITERATION.type) return PY_FILE_ITERATION;
  return undefined;
}

/**
 * The iterable a loop runs over synchronously inside the event loop, or undefined: `async for` is fine, and a
 * generator expression runs its loop later, wherever it is consumed.
 */
export function synchronousIterable(loop: PyNode): PyNode | undefined {
  if (loop.hasToken("async")) return undefined;
  if (loop.type === "for_in_clause" && loop.parent?.type === "generator_expression") return undefined;
  return loop.child("right") ?? undefined;
}
