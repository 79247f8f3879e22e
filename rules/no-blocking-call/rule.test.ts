import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lintSource } from "../core/engine";
import { fixesOf } from "../core/fixes";
import { settingsFor } from "../core/testing/fixtures";
import { ruleSuite } from "../core/testing/suite";
import { initPython } from "../lang/python/parser";

ruleSuite("no-blocking-call", __dirname);

describe("no-blocking-call (Python): converting a thread lock to asyncio", () => {
  beforeAll(() => initPython());
  const lint = (filePath: string, text: string) => lintSource({ filePath, text, rules: settingsFor("no-blocking-call") });

  it("is one suggestion per lock, on its first finding", () => {
    const filePath = path.join(__dirname, "fixtures/python/lock-two-uses.py");
    const { findings } = lint(filePath, fs.readFileSync(filePath, "utf8"));
    expect(findings.map((finding) => [finding.location.line, fixesOf(finding).map((fix) => `${fix.safety}: ${fix.title} (${fix.edits.length} edits)`)])).toEqual([
      [9, ["unsafe: Use asyncio.Lock with async with (4 edits)"]],
      [14, []],
    ]);
  });

  /** A module-level lock taken with `with` in `n` coroutines. */
  const lockFile = (n: number) =>
    "import threading\n\nlock = threading.Lock()\n\n" + Array.from({ length: n }, (_, i) => `async def f${i}():\n    with lock:\n        return ${i}\n\n`).join("");

  // Output, not time, is asserted (timings belong in the bench): the old cost rewrote every use for every finding.
  it("builds output linear in the lock's uses (one edit per use, not one per use and finding)", () => {
    const editsFor = (n: number) => {
      const { findings } = lint(`/virtual/locks${n}.py`, lockFile(n));
      expect(findings).toHaveLength(n);
      return findings.flatMap(fixesOf).reduce((sum, fix) => sum + fix.edits.length, 0);
    };
    // The constructor, the import and one `async ` per use: once in all, not once per finding.
    expect(editsFor(1000)).toBe(1000 + 2);
    expect(editsFor(4000)).toBe(4000 + 2);
  });
});
