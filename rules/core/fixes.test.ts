import { describe, expect, it } from "vitest";
import { applyFixes, fixesOf, hasSafeFix, safeFixesOf, settleFixes } from "./fixes";
import type { Finding, Fix } from "./model";

const fix = (title: string, ...edits: [number, number, string][]): Fix => ({
  title,
  safety: "safe",
  edits: edits.map(([start, end, text]) => ({ start, end, text })),
});

describe("applyFixes", () => {
  it("applies non-overlapping fixes, each with several edits", () => {
    const result = applyFixes("abcdef", [fix("a", [0, 1, "A"], [5, 6, "F"]), fix("c", [2, 3, "C"])]);
    expect(result.text).toBe("AbCdeF");
    expect(result.deferred).toEqual([]);
  });

  it("defers a fix that overlaps one already taken, never half-applying it", () => {
    const second = fix("second", [2, 4, "XY"], [5, 5, "!"]);
    const result = applyFixes("abcdef", [fix("first", [1, 3, "--"]), second]);
    expect(result.text).toBe("a--def");
    expect(result.deferred).toEqual([second]);
  });

  it("defers a second insertion at the same point (their order would be ambiguous)", () => {
    const result = applyFixes("ab", [fix("one", [1, 1, "1"]), fix("two", [1, 1, "2"])]);
    expect(result.text).toBe("a1b");
    expect(result.deferred.map((f) => f.title)).toEqual(["two"]);
  });

  it("keeps an insertion and a replacement that start at the same offset within one fix in order", () => {
    const result = applyFixes("f(x)", [fix("wrap", [0, 0, "("], [0, 1, "g"], [4, 4, ")"])]);
    expect(result.text).toBe("(g(x))");
  });

  it("applies tens of thousands of fixes whose edits interleave (each with an insertion at the top), deferring every clash", () => {
    const count = 30_000;
    const text = "x".repeat(count);
    // Fix i replaces character i and inserts at offset 0: only the first insertion there can be taken per pass.
    const fixes = Array.from({ length: count }, (_, i) => fix(`f${i}`, [i, i + 1, "y"], ...(i % 2 === 0 ? [] : [[0, 0, "^"] as [number, number, string]])));
    const result = applyFixes(text, fixes);
    // Fix 0 replaces offset 0, so every fix that also inserts at 0 (the odd ones) clashes with it.
    expect(result.applied).toHaveLength(count / 2);
    expect(result.deferred).toHaveLength(count / 2);
    expect(result.text).toBe("yx".repeat(count / 2));
  });
});

describe("lazy fixes", () => {
  const suggestion: Fix = { title: "suggest", safety: "unsafe", edits: [{ start: 0, end: 0, text: "s" }] };
  const safe: Fix = { title: "fix", safety: "safe", edits: [{ start: 0, end: 0, text: "f" }] };
  /** A finding whose producer counts its calls. */
  const pending = (fixes: Fix[], maySafelyFix: boolean) => {
    const calls = { count: 0 };
    const finding: Finding = {
      ruleId: "no-blocking-call",
      messageId: "blockingCall",
      message: "m",
      severity: "error",
      range: { start: 0, end: 1 },
      location: { line: 1, column: 1, endLine: 1, endColumn: 2 },
      related: [],
      fixes: { build: () => (calls.count++, fixes), maySafelyFix },
    };
    return { finding, calls };
  };

  it("builds a finding's fixes once, when first asked", () => {
    const { finding, calls } = pending([suggestion], false);
    expect(calls.count).toBe(0);
    expect(fixesOf(finding)).toEqual([suggestion]);
    expect(fixesOf(finding)).toEqual([suggestion]);
    expect(calls.count).toBe(1);
  });

  it("asks whether there is a safe fix without building the fixes of findings that cannot have one", () => {
    const onlySuggestions = pending([suggestion], false);
    const maybeSafe = pending([safe, suggestion], true);
    expect(hasSafeFix(onlySuggestions.finding)).toBe(false);
    expect(onlySuggestions.calls.count).toBe(0);
    expect(hasSafeFix(maybeSafe.finding)).toBe(true);
    expect(safeFixesOf([onlySuggestions.finding, maybeSafe.finding])).toEqual([safe]);
    expect(onlySuggestions.calls.count).toBe(0);
  });

  it("settles findings into plain data a thread or the cache can take: all fixes, or only the safe ones", () => {
    const all = settleFixes([pending([suggestion], false).finding, pending([safe, suggestion], true).finding], "all");
    expect(structuredClone(all).map((f) => f.fixes)).toEqual([[suggestion], [safe, suggestion]]);
    const onlySuggestions = pending([suggestion], false);
    const safeOnly = settleFixes([onlySuggestions.finding, pending([safe, suggestion], true).finding], "safe");
    expect(structuredClone(safeOnly).map((f) => f.fixes)).toEqual([[], [safe]]);
    expect(onlySuggestions.calls.count).toBe(0);
  });
});
