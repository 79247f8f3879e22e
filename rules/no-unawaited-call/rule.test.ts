import { describe, expect, it } from "vitest";
import { fixesOf } from "../core/fixes";
import { lintFixture } from "../core/testing/fixtures";
import { ruleSuite } from "../core/testing/suite";

ruleSuite("no-unawaited-call", __dirname);

describe("no-unawaited-call: messages and fixes", () => {
  const lint = (text: string) => lintFixture("no-unawaited-call", "/virtual/messages.ts", text, "syntax").findings;

  it("names the call, points at the async declaration and offers await before void inside async functions", () => {
    const [finding] = lint(["async function save(): Promise<void> {}", "export async function run(): Promise<void> {", "  save();", "}", ""].join("\n"));
    expect(finding.message).toBe(
      "The promise returned by `save()` is dropped: if it rejects, nothing handles the error, and the code after it runs before it settles. Await it, return it, add `.catch(...)`, or mark it as intentionally detached with `void`.",
    );
    expect(finding.related.map((r) => [r.location.line, r.message])).toEqual([[1, "`save` is declared async here."]]);
    expect(fixesOf(finding).map((f) => [f.title, f.safety, f.isPreferred ?? false])).toEqual([
      ["Add await", "unsafe", true],
      ["Mark as intentionally detached with void", "unsafe", false],
    ]);
  });

  it("explains a self-handling call at info", () => {
    const text = ["async function refresh(): Promise<void> {", "  try { await fetch('/r'); } catch (e) { console.warn(e); }", "}", "export async function run(): Promise<void> {", "  refresh();", "}", ""].join("\n");
    const [finding] = lint(text);
    expect(finding.severity).toBe("info");
    expect(finding.message).toContain("`refresh` catches its own errors");
  });

  it("names an immediately invoked function by its kind, not by its squashed body", () => {
    const text = ["export async function run(): Promise<void> {", "  (async () => { await fetch('/a'); })();", "  (async function warm() {", "    await fetch('/b');", "  })();", "  this.client", "    .send();", "}", ""].join("\n");
    expect(lint(text).map((f) => f.message.slice(0, f.message.indexOf(" is dropped")))).toEqual([
      "The promise returned by `(async () => {...})()`",
      "The promise returned by `(async function warm() {...})()`",
    ]);
  });
});
