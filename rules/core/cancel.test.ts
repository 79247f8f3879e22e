// `isCancelled`: a host (the language server's typed worker) stops a lint whose text is no longer current.
import { beforeAll, describe, expect, it } from "vitest";
import { initPython } from "../lang/python/parser";
import { resolveRuleSettings } from "./config";
import { lintSource } from "./engine";
import { LintCancelled } from "./model";

const TS = `import fs from "node:fs";\nexport async function load() {\n  return fs.readFileSync("a.txt", "utf8");\n}\n`;
const PY = "import time\n\nasync def handler():\n    time.sleep(1)\n";

describe("a lint with isCancelled", () => {
  beforeAll(() => initPython());

  for (const [filePath, text] of [
    ["/abs/file.ts", TS],
    ["/abs/file.py", PY],
  ]) {
    it(`${filePath}: stops with LintCancelled once it says so, and runs to its findings while it does not`, () => {
      const rules = resolveRuleSettings(undefined);
      let asked = 0;
      expect(() =>
        lintSource({
          filePath,
          text,
          rules,
          isCancelled: () => ++asked > 3,
        }),
      ).toThrow(LintCancelled);
      expect(asked).toBe(4);
      const result = lintSource({ filePath, text, rules, isCancelled: () => false });
      expect(result.findings.map((f) => f.ruleId)).toEqual(["no-blocking-call"]);
    });
  }
});
