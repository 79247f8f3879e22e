import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { lintFixture, programOf } from "../core/testing/fixtures";
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

  it("names calls made in other files with their own file's text (typed mode follows helpers across files)", () => {
    const filePath = path.join(__dirname, "fixtures/typed/uses-api.ts");
    const program = programOf(path.join(__dirname, "fixtures/typed/tsconfig.json"));
    const findings = lintFixture("require-concurrency-limit", filePath, fs.readFileSync(filePath, "utf8"), "typed", program).findings;
    expect(findings.map((f) => [f.location.line, f.message.replace(/ for every element.*/, "")])).toEqual([
      [4, "`Promise.all` starts `fetchInvoice()` (async, it calls `fetch()`)"],
      [5, "`Promise.all` starts `fetchInvoice` (it calls `fetch()`)"],
    ]);
  });

  it("names the awaited call that is the evidence of I/O when a helper's body awaits something it cannot see", () => {
    const text = [
      "declare const Document: { findAll(options: object): Promise<unknown[]> };",
      "async function childrenOf(id: string) {",
      "  return await Document.findAll({ where: { parentId: id } });",
      "}",
      "export const all = (ids: string[]) => Promise.all(ids.map((id) => childrenOf(id)));",
      "",
    ].join("\n");
    const [finding] = lintFixture("require-concurrency-limit", "/virtual/opaque.ts", text, "syntax").findings;
    expect(finding.message).toContain("`Promise.all` starts `childrenOf()` (async, it awaits `Document.findAll()`) for every element of `ids` at once");
  });
});
