import { describe, expect, it } from "vitest";
import { FunctionSummaries, type SharedSummaries, type SummaryReuse } from "./summaries";

/** A function of a made-up program: whether it blocks itself, the functions it calls, and the file it is in. */
interface Fn {
  name: string;
  blocks?: boolean;
  calls: Fn[];
  file: string;
}

function program(edges: Record<string, string[]>, blocking: string[] = []): Record<string, Fn> {
  const fns: Record<string, Fn> = {};
  for (const name of Object.keys(edges)) fns[name] = { name, calls: [], blocks: blocking.includes(name), file: `${name}.py` };
  for (const [name, callees] of Object.entries(edges)) fns[name].calls = callees.map((callee) => fns[callee]);
  return fns;
}

/** A summary in the style of no-blocking-call: the shortest path to a blocking function, or null. */
function pathFinder(reuse: SummaryReuse, maxDepth: number, shared?: SharedSummaries<Fn, string[] | null, string>) {
  const computed: string[] = [];
  const summaries = new FunctionSummaries<Fn, string[] | null, string>({ maxDepth, reuse, shared });
  const compute = (fn: Fn, depth: number): string[] | null => {
    computed.push(`${fn.name}@${depth}`);
    summaries.read(fn.file);
    if (fn.blocks) return [fn.name];
    let best: string[] | null = null;
    for (const callee of fn.calls) {
      const inner = summaries.summarize(callee, depth + 1, compute);
      if (inner && (!best || inner.length + 1 < best.length)) best = [fn.name, ...inner];
    }
    return best;
  };
  return { summaries, computed, pathOf: (fn: Fn, depth = 1) => summaries.summarize(fn, depth, compute) };
}

const completeOrFound: SummaryReuse = { policy: "complete-or-found", found: (path: string[] | null) => path !== null };

describe("function summaries", () => {
  it("follow calls down to the depth limit and no further", () => {
    const fns = program({ a: ["b"], b: ["c"], c: ["d"], d: [] }, ["d"]);
    expect(pathFinder(completeOrFound, 4).pathOf(fns.a)).toEqual(["a", "b", "c", "d"]);
    expect(pathFinder(completeOrFound, 3).pathOf(fns.a)).toBeNull();
  });

  it("cut a call back into a function being summarized, and still find the other paths", () => {
    const fns = program({ a: ["b"], b: ["a", "c"], c: [] }, ["c"]);
    const finder = pathFinder(completeOrFound, 8);
    expect(finder.pathOf(fns.a)).toEqual(["a", "b", "c"]);
    expect(finder.computed).toEqual(["a@1", "b@2", "c@3"]);
  });

  it("complete-or-found: a complete summary is reused at any depth, one cut short without a finding is not kept", () => {
    const fns = program({ a: ["b"], b: ["c"], c: ["d"], d: [] }, ["d"]);
    const finder = pathFinder(completeOrFound, 2);
    expect(finder.pathOf(fns.a)).toBeNull(); // b at depth 2 cannot enter c
    expect(finder.computed).toEqual(["a@1", "b@2"]);
    // b was cut short and found nothing: computed again when entered at depth 1, where it can look further.
    expect(finder.pathOf(fns.b)).toBeNull(); // c at depth 2 cannot enter d either
    expect(finder.computed.slice(2)).toEqual(["b@1", "c@2"]);
    finder.computed.length = 0;
    expect(finder.pathOf(fns.d, 2)).toEqual(["d"]);
    expect(finder.pathOf(fns.d, 1)).toEqual(["d"]); // complete: reused at another depth
    expect(finder.computed).toEqual(["d@2"]);
  });

  it("complete-or-found: a summary built on a callee's summary cut by the depth limit is cut too", () => {
    // a → b → c → d → e (blocks): from a, e is beyond the limit; from c it is within reach.
    const fns = program({ a: ["b"], b: ["c"], c: ["d"], d: ["e"], e: [] }, ["e"]);
    const finder = pathFinder(completeOrFound, 4);
    expect(finder.pathOf(fns.a)).toBeNull();
    expect(finder.pathOf(fns.c)).toEqual(["c", "d", "e"]);
    // Entered as deep as before, the kept summary answers: b from depth 2 was cut the same way.
    finder.computed.length = 0;
    expect(finder.pathOf(fns.b, 2)).toBeNull();
    expect(finder.computed).toEqual([]);
  });

  it("complete-or-found: a call back into a function further up cuts every summary in between, not that function's own", () => {
    // x → a → b → x, and x blocks: b's summary entered from x misses the path back into x.
    const fns = program({ x: ["a", "y"], a: ["b"], b: ["x"], y: [] }, ["y"]);
    const finder = pathFinder(completeOrFound, 8);
    expect(finder.pathOf(fns.x)).toEqual(["x", "y"]);
    finder.computed.length = 0;
    // x's summary is kept (the cycle adds nothing to x); a's and b's are not, and from a the path through x is found.
    expect(finder.pathOf(fns.x)).toEqual(["x", "y"]);
    expect(finder.pathOf(fns.a)).toEqual(["a", "b", "x", "y"]);
    expect(finder.computed).toEqual(["a@1", "b@2"]);
  });

  it("same-or-shallower: a summary is reused deeper than it was computed, not nearer the start", () => {
    const fns = program({ a: ["b"], b: ["c"], c: [] }, ["c"]);
    const finder = pathFinder({ policy: "same-or-shallower" }, 2);
    expect(finder.pathOf(fns.b, 2)).toBeNull();
    expect(finder.pathOf(fns.b, 1)).toEqual(["b", "c"]);
    expect(finder.pathOf(fns.b, 2)).toEqual(["b", "c"]);
    expect(finder.computed).toEqual(["b@2", "b@1", "c@2"]);
  });

  it("same-or-shallower: a summary cut by a call back into a function further up is not kept", () => {
    const fns = program({ x: ["a", "y"], a: ["x"], y: [] }, ["y"]);
    const finder = pathFinder({ policy: "same-or-shallower" }, 4);
    expect(finder.pathOf(fns.x)).toEqual(["x", "y"]);
    // a, entered from x, could not look back into x: asked again, it is computed again and finds the path.
    expect(finder.pathOf(fns.a, 2)).toEqual(["a", "x", "y"]);
    expect(finder.computed).toEqual(["x@1", "a@2", "y@2", "a@2"]);
  });

  it("shared summaries hold while the files they read are current and the key is the same", () => {
    const fns = program({ a: ["b"], b: [] }, ["b"]);
    const entries = new WeakMap();
    const current = new Set(["a.py", "b.py"]);
    const shared = (key: string) => ({ entries, key, isCurrent: (file: string) => current.has(file) });
    const first = pathFinder(completeOrFound, 4, shared("k"));
    expect(first.pathOf(fns.a)).toEqual(["a", "b"]);
    const second = pathFinder(completeOrFound, 4, shared("k"));
    expect(second.pathOf(fns.a)).toEqual(["a", "b"]);
    expect(second.computed).toEqual([]);
    // a's summary read b.py through b's: a new version of b.py invalidates both.
    current.delete("b.py");
    const third = pathFinder(completeOrFound, 4, shared("k"));
    third.pathOf(fns.a);
    expect(third.computed).toEqual(["a@1", "b@2"]);
    const otherKey = pathFinder(completeOrFound, 4, shared("other"));
    otherKey.pathOf(fns.a);
    expect(otherKey.computed).toEqual(["a@1", "b@2"]);
  });

  it("summaries asked for without the cache are neither taken from it nor put in it", () => {
    const fns = program({ a: [] }, ["a"]);
    const summaries = new FunctionSummaries<Fn, boolean>({ maxDepth: 2, reuse: { policy: "same-or-shallower" } });
    let computed = 0;
    const compute = (fn: Fn) => (computed++, !!fn.blocks);
    summaries.summarize(fns.a, 1, compute, false);
    summaries.summarize(fns.a, 1, compute);
    summaries.summarize(fns.a, 1, compute);
    summaries.summarize(fns.a, 1, compute, false);
    expect(computed).toBe(3);
  });
});
