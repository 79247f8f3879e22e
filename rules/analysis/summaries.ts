// Function summaries: what an analysis concludes about a function from its body and from the functions it
// calls ("does it block, and by which path", "does it do I/O, and under a limiter"). The rule computes one
// summary from its own base cases (which calls block, which are I/O) and the summaries of the callees it asks
// for; this engine owns what every such analysis needs: one summary per function, reused while valid; calls
// that lead back into a function being summarized are cut (the cycle adds nothing new); a depth limit; and,
// for summaries kept across lints, validity by the versions of the files they read.

/** How deep rules follow calls when the depth is not an option of the rule. */
export const DEFAULT_CALL_DEPTH = 2;

/**
 * When a summary may answer a later question about the same function, asked from another depth:
 * - "complete-or-found": a summary computed without cuts holds at any depth; one cut short by recursion or the
 *   depth limit is kept only when it found something (`found`), and then also at any depth: the caller checks
 *   that what it found fits the depth left.
 * - "same-or-shallower": a summary computed at the same depth or nearer the start looked at least as far into
 *   callees, so it also answers the deeper question.
 */
export type SummaryReuse = { policy: "complete-or-found"; found: (summary: never) => boolean } | { policy: "same-or-shallower" };

/** Summaries kept beyond one analysis (for example across lints of the files of a project). */
export interface SharedSummaries<Fn extends object, Summary, Version> {
  readonly entries: WeakMap<Fn, SummaryEntry<Summary, Version>>;
  /** What summaries depend on besides the files (tables, options): entries made under another key are not used. */
  readonly key: string;
  /** Whether a file version a summary read is still the current version of its file. */
  isCurrent(version: Version): boolean;
}

export interface SummaryEntry<Summary, Version> {
  summary: Summary;
  /** The depth the summary was computed at. */
  depth: number;
  /** Computed without a cut (by recursion or the depth limit): it does not depend on where it was entered. */
  complete: boolean;
  /** The file versions it read (directly or through callees' summaries). */
  reads: Version[];
  key: string;
}

export interface SummaryOptions<Fn extends object, Summary, Version> {
  /** The deepest call depth summarized: a function entered deeper is cut. */
  maxDepth: number;
  reuse: SummaryReuse;
  /** Where summaries are kept; by default, for the lifetime of this engine only. */
  shared?: SharedSummaries<Fn, Summary, Version>;
}

interface Frame<Version> {
  reads: Set<Version>;
  complete: boolean;
}

/**
 * Computes and keeps the summaries of functions. `summarize` is called by the rule for the function it starts
 * from, and again from inside the rule's `compute` for each callee it follows (one level deeper): the engine
 * keeps the stack of summaries being computed, so what a callee's summary read or missed counts for its caller.
 */
export class FunctionSummaries<Fn extends object, Summary, Version = never> {
  private readonly inProgress = new Set<Fn>();
  private readonly frames: Frame<Version>[] = [];
  private readonly shared: SharedSummaries<Fn, Summary, Version>;

  constructor(private readonly options: SummaryOptions<Fn, Summary, Version>) {
    this.shared = options.shared ?? { entries: new WeakMap(), key: "", isCurrent: () => true };
  }

  /** Whether calls made at `depth` may still be followed (their functions are entered one level deeper). */
  canFollowFrom(depth: number): boolean {
    return depth < this.options.maxDepth;
  }

  /**
   * The summary of `fn` entered at `depth`, or undefined when it is cut: `fn` is already being summarized
   * further up (recursion), or `depth` is beyond the limit. `cache: false` for summaries that depend on more
   * than the function (the caller's arguments): they are neither taken from nor put into the cache.
   */
  summarize(fn: Fn, depth: number, compute: (fn: Fn, depth: number) => Summary, cache = true): Summary | undefined {
    const caller = this.frames[this.frames.length - 1];
    if (this.inProgress.has(fn)) {
      if (caller) caller.complete = false;
      return undefined;
    }
    const cached = cache ? this.shared.entries.get(fn) : undefined;
    if (cached && this.isReusable(cached, depth)) {
      if (caller) for (const version of cached.reads) caller.reads.add(version);
      return cached.summary;
    }
    if (depth > this.options.maxDepth) {
      if (caller) caller.complete = false;
      return undefined;
    }
    const frame: Frame<Version> = { reads: new Set(), complete: true };
    this.inProgress.add(fn);
    this.frames.push(frame);
    let summary: Summary;
    try {
      summary = compute(fn, depth);
    } finally {
      this.frames.pop();
      this.inProgress.delete(fn);
    }
    // What the callee read, its caller read too. Whether the callee was cut short stays with the callee: the
    // caller is complete when each callee it asked for gave a summary.
    if (caller) for (const version of frame.reads) caller.reads.add(version);
    if (cache && this.isKept(summary, frame)) {
      this.shared.entries.set(fn, { summary, depth, complete: frame.complete, reads: [...frame.reads], key: this.shared.key });
    }
    return summary;
  }

  /** The summary being computed read this version of a file: it holds only while that version is current. */
  read(version: Version): void {
    this.frames[this.frames.length - 1]?.reads.add(version);
  }

  /** The summary being computed depends on the depth it was entered at (something found did not fit the depth left). */
  dependsOnDepth(): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) frame.complete = false;
  }

  private isReusable(entry: SummaryEntry<Summary, Version>, depth: number): boolean {
    if (entry.key !== this.shared.key || !entry.reads.every((version) => this.shared.isCurrent(version))) return false;
    return this.options.reuse.policy === "complete-or-found" || entry.depth <= depth;
  }

  private isKept(summary: Summary, frame: Frame<Version>): boolean {
    const reuse = this.options.reuse;
    return reuse.policy === "same-or-shallower" || frame.complete || reuse.found(summary as never);
  }
}
