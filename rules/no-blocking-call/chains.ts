// How no-blocking-call combines what a helper's calls do into the helper's summary, the same in both languages:
// the best blocking path through the helper's calls, a direct blocking call or one through a helper it calls.

/** A path from a helper down to a blocking call. */
export interface Chain<Fn, Call> {
  /** The helpers, from the one called in async code down to the one that makes the blocking call. */
  functions: Fn[];
  /** `calls[i]` is the call inside `functions[i]` that leads on; the last one is the blocking API call. */
  calls: Call[];
  /** Every blocking path found runs only while a cache is empty. It still blocks, the first time. */
  guardedByCache: boolean;
}

export interface ChainSteps<Fn, Call, C extends Chain<Fn, Call>> {
  /** The chain of a blocking API call made directly by the helper. */
  direct(call: Call): C | undefined;
  /** The helper a call leads into, when it is one that can be followed. */
  helperCalledBy(call: Call): Fn | undefined;
  /** That helper's summary one level deeper: null when it does not block, undefined when it was cut short. */
  summaryOf(helper: Fn): C | null | undefined;
  /** Whether the call only runs while a cache is empty. */
  isGuardedByCache(call: Call): boolean;
  /** A chain found does not fit the depth left: the summary depends on the depth it was entered at. */
  dependsOnDepth(): void;
}

/** The best blocking path through `calls` (the calls `fn` runs), for `fn` entered at `depth`. */
export function bestChain<Fn, Call, C extends Chain<Fn, Call>>(fn: Fn, calls: Iterable<Call>, depth: number, maxDepth: number, steps: ChainSteps<Fn, Call, C>): C | null {
  let best: C | null = null;
  for (const call of calls) {
    let chain: C | null | undefined = steps.direct(call);
    if (!chain) {
      chain = null;
      const helper = steps.helperCalledBy(call);
      const inner = helper ? steps.summaryOf(helper) : undefined;
      // A cached summary may be longer than the depth left from here.
      const fits = !!inner && depth + inner.functions.length <= maxDepth;
      if (inner && !fits) steps.dependsOnDepth();
      if (inner && fits) {
        chain = {
          ...inner,
          functions: [fn, ...inner.functions],
          calls: [call, ...inner.calls],
          guardedByCache: inner.guardedByCache || steps.isGuardedByCache(call),
        };
      }
    }
    if (chain && (!best || isBetter(chain, best))) best = chain;
    if (best && !best.guardedByCache && best.functions.length === 1) break;
  }
  return best;
}

/** An unconditional path beats one that only runs while a cache is empty; then the shorter path wins. */
function isBetter<Fn, Call>(candidate: Chain<Fn, Call>, current: Chain<Fn, Call>): boolean {
  if (candidate.guardedByCache !== current.guardedByCache) return !candidate.guardedByCache;
  return candidate.functions.length < current.functions.length;
}
