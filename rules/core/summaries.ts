// Function summaries: what an analysis concludes about a function from its body and from the functions it
// calls ("does it block, and by which path", "does it do I/O, and under a limiter"). The rule computes one
// summary from its own base cases (which calls block, which are I/O) and the summaries of the callees it asks
// for; this engine owns what every such analysis needs: one summary per function, reused while valid; calls
// that lead back into a function being summarized are cut (the cycle adds nothing new); a depth limit; and,
// for summaries kept across lints, validity by the versions of the files they read.

/** How deep rules follow calls when the depth is not an option of the rule. */
export const DEFAULT_CALL_DEPTH = 2;

/**
 * Whether a summary was cut short, directly or through a callee's summary: "none" (it does not depend on where
 * it was entered), "depth" (the depth limit stopped it: entered at the same depth or nearer the start it would
 * look at least as far), "recursion" (a call led back into a function being summarized further up: it depends
 * on the path it was entered by).
 */
export type SummaryCut = "none" | "depth" | "recursion";

/**
 * When a summary may answer a later question about the same function:
 * - "complete-or-found": a summary not cut short holds at any depth; one cut by the depth limit holds when entered
 *   as deep or deeper; one cut by recursion is not kept. A summary that found something (`found`) is kept and
 *   reused at any depth in any case: the caller checks that what it found fits the depth left.
 * - "same-or-shallower": a summary holds when entered as deep or deeper than where it was computed (it looked at
 *   least as far into callees); one cut by recursion is not kept.
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
  cut: SummaryCut;
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
  /** The depth limit stopped it (or a callee's summary it used). */
  cutByDepth: boolean;
  /**
   * The lowest stack position of a function being summarized that a call led back into (here or in a callee):
   * the summary is cut by recursion when that is a function further up than itself. A call back into the
   * function itself adds nothing new to its own summary.
   */
  cutInto: number;
}

/** Cut into "a function on another path": a reused summary that was cut by recursion where it was computed. */
const ANOTHER_PATH = -1;

/**
 * Computes and keeps the summaries of functions. `summarize` is called by the rule for the function it starts
 * from, and again from inside the rule's `compute` for each callee it follows (one level deeper): the engine
 * keeps the stack of summaries being computed, so what a callee's summary read or missed counts for its caller.
 */
export class FunctionSummaries<Fn extends object, Summary, Version = never> {
  /** Functions being summarized, with their position on the stack. */
  private readonly inProgress = new Map<Fn, number>();
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
    const position = this.inProgress.get(fn);
    if (position !== undefined) {
      if (caller) caller.cutInto = Math.min(caller.cutInto, position);
      return undefined;
    }
    const cached = cache ? this.shared.entries.get(fn) : undefined;
    if (cached && this.isReusable(cached, depth)) {
      if (caller) {
        for (const version of cached.reads) caller.reads.add(version);
        if (cached.cut === "depth") caller.cutByDepth = true;
        if (cached.cut === "recursion") caller.cutInto = ANOTHER_PATH;
      }
      return cached.summary;
    }
    if (depth > this.options.maxDepth) {
      if (caller) caller.cutByDepth = true;
      return undefined;
    }
    const frame: Frame<Version> = { reads: new Set(), cutByDepth: false, cutInto: Infinity };
    this.inProgress.set(fn, this.frames.length);
    this.frames.push(frame);
    let summary: Summary;
    try {
      summary = compute(fn, depth);
    } finally {
      this.frames.pop();
      this.inProgress.delete(fn);
    }
    // A summary built on a callee's summary read what the callee read, and is cut short where the callee was
    // (except by calls back into the summary's own function).
    if (caller) {
      for (const version of frame.reads) caller.reads.add(version);
      if (frame.cutByDepth) caller.cutByDepth = true;
      caller.cutInto = Math.min(caller.cutInto, frame.cutInto);
    }
    const cut: SummaryCut = frame.cutInto < this.frames.length ? "recursion" : frame.cutByDepth ? "depth" : "none";
    if (cache && this.isKept(summary, cut)) {
      this.shared.entries.set(fn, { summary, depth, cut, reads: [...frame.reads], key: this.shared.key });
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
    if (frame) frame.cutByDepth = true;
  }

  private isReusable(entry: SummaryEntry<Summary, Version>, depth: number): boolean {
    if (entry.key !== this.shared.key || !entry.reads.every((version) => this.shared.isCurrent(version))) return false;
    const reuse = this.options.reuse;
    if (reuse.policy === "same-or-shallower") return entry.depth <= depth;
    return entry.cut === "none" || reuse.found(entry.summary as never) || (entry.cut === "depth" && entry.depth <= depth);
  }

  private isKept(summary: Summary, cut: SummaryCut): boolean {
    const reuse = this.options.reuse;
    return cut !== "recursion" || (reuse.policy === "complete-or-found" && reuse.found(summary as never));
  }
}
