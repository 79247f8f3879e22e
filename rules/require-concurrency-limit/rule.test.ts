import { describe, expect, it } from "vitest";
import { lintFixture } from "../core/testing/fixtures";
import { ruleSuite } from "../core/testing/suite";

ruleSuite("require-concurrency-limit", __dirname);

describe("require-concurrency-limit: messages", () => {
  it("names the combinator, the collection and the I/O, and points at the I/O call", () => {
    const text = ["async function load(id: string) {", "  return (await fetch(`/u/${id}`)).json();", "}", "export const all = (ids: string[]) => Promise.all(ids.map((id) => load(id)));", ""].join("\n");
    const [finding] = lintFixture("require-concurrency-limit", "/virtual/messages.ts", text, "syntax").findings;
    expect(finding.message).toBe(
      "`Promise.all` starts `load()` (async, it calls `fetch()`) for every element of `ids` at once: nothing bounds how many run together. Cap the concurrency with `p-limit`, `p-map` with `concurrency`, or fixed-size chunks.",
    );
    expect(finding.related.map((r) => [r.location.line, r.location.column, r.message])).toEqual([[4, 67, "The I/O started for each element."]]);
    expect(finding.fixes).toEqual([]);
  });
});
