import { describe, expect, it } from "vitest";
import { createRuleGuard, MAX_NODE_FAILURES, type RuleFailure } from "./rule-guard";

describe("rule guard", () => {
  const overflow = (depth: number): number => overflow(depth + 1) + 1;

  it("skips only the node a visitor fails on, with its offset, and visits the next nodes", () => {
    const failures: RuleFailure[] = [];
    const visited: number[] = [];
    const guard = createRuleGuard((failure) => failures.push(failure));
    const visit = guard.node(
      (node: number) => {
        if (node === 2) overflow(0);
        visited.push(node);
      },
      (node) => node * 10,
    );
    for (const node of [1, 2, 3]) visit(node);
    expect(visited).toEqual([1, 3]);
    expect(failures.map((f) => [f.offset, (f.error as Error).message])).toEqual([[20, "Maximum call stack size exceeded"]]);
  });

  it(`turns a rule off for the file after ${MAX_NODE_FAILURES} failing nodes, as a failure of the whole file`, () => {
    const failures: RuleFailure[] = [];
    const guard = createRuleGuard((failure) => failures.push(failure));
    let calls = 0;
    const visit = guard.node(
      () => {
        calls++;
        throw new Error("always");
      },
      () => 0,
    );
    const end = guard.end(() => {
      calls++;
    });
    for (let i = 0; i < MAX_NODE_FAILURES + 5; i++) visit(i);
    end();
    expect(calls).toBe(MAX_NODE_FAILURES);
    expect(failures.filter((f) => f.offset === undefined)).toHaveLength(1);
    expect(failures.at(-1)!.offset).toBeUndefined();
  });

  it("an end-of-file visitor's failure is the whole file's", () => {
    const failures: RuleFailure[] = [];
    const guard = createRuleGuard((failure) => failures.push(failure));
    guard.end(() => {
      throw new Error("end");
    })();
    expect(failures).toEqual([{ error: new Error("end") }]);
  });
});
