// The last guard of --fix: fixes that would add a syntax error are not written, whatever rule offers them, in
// both languages. No shipped rule offers such a fix; a rule is made to, here, to prove the guard holds.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLog } from "../../cli/log";
import { runLint } from "../../cli/run";
import { ConfigResolver } from "../../rules/core/config";
import { RULES } from "../../rules/core/registry";
import type { RuleDefinition } from "../../rules/core/rule";
import { initPython } from "../../rules/lang/python/parser";
import { tempDir, write } from "./helpers";

beforeAll(() => initPython());

describe("--fix never writes a fix that breaks the syntax", () => {
  const rule = RULES.find((r) => r.meta.id === "prefer-running-loop") as RuleDefinition;
  const original = { ...rule.detectors };
  const originalLanguages = [...rule.meta.languages];
  afterEach(() => {
    Object.assign(rule.detectors, original);
    rule.meta.languages.splice(0, rule.meta.languages.length, ...originalLanguages);
  });

  /** A rule whose safe fix deletes the first `)` of the file. */
  function breakFirstParenthesis(text: string) {
    const at = text.indexOf(")");
    return { range: { start: at, end: at + 1 }, messageId: "preferRunningLoop", data: { callee: "x", context: "x", replacement: "x" }, fixes: () => [{ title: "break", edits: [{ start: at, end: at + 1, text: "" }], safety: "safe" as const }], maySafelyFix: true };
  }

  function fixOnly(dir: string, file: string) {
    const lines: string[] = [];
    const log = createLog((text) => lines.push(text), false);
    const report = runLint({
      cwd: dir,
      files: [path.join(dir, file)],
      resolver: new ConfigResolver(),
      ruleOverrides: Object.fromEntries(RULES.filter((r) => r !== rule).map((r) => [r.meta.id, "off"])),
      typed: false,
      fixMode: "fix",
      fixNeed: "safe",
      quiet: false,
      reportUnusedDirectives: "off",
      log,
    });
    return { lines, report };
  }

  it("Python", () => {
    rule.detectors.python = (context) => ({ onEnd: () => context.report(breakFirstParenthesis(context.tree.text) as never) });
    const dir = tempDir();
    const text = "import asyncio\n\nasync def main():\n    print(1)\n";
    write(dir, "app.py", text);
    const { lines } = fixOnly(dir, "app.py");
    expect(fs.readFileSync(path.join(dir, "app.py"), "utf8")).toBe(text);
    expect(lines.join("")).toContain("fixes from prefer-running-loop would make app.py invalid; not applied");
  });

  it("TypeScript", () => {
    rule.meta.languages.push("typescript");
    rule.detectors.typescript = (context) => ({
      onEnd: () => context.report(breakFirstParenthesis(context.sourceFile.text) as never),
    });
    const dir = tempDir();
    const text = "export async function main() {\n  console.log(1);\n}\n";
    write(dir, "app.ts", text);
    const { lines } = fixOnly(dir, "app.ts");
    expect(fs.readFileSync(path.join(dir, "app.ts"), "utf8")).toBe(text);
    expect(lines.join("")).toContain("fixes from prefer-running-loop would make app.ts invalid; not applied");
  });
});
