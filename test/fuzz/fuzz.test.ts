// The seeded fuzz subset that runs in `npm test` (the long run is `npm run fuzz`; see test/fuzz/main.ts).
// Inputs come from the repository's own files (fixtures, examples, rule sources), so the set is the same on
// every machine; a failure prints the seed, mutator and file to replay it.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initPython } from "../../rules/lang/python/parser";
import { assertServerBuilt } from "../lsp/harness";
import { lintSource } from "../../rules/core/engine";
import { fixesOf } from "../../rules/core/fixes";
import { allRulesSettings, budgetMs, checkInput } from "./check";
import { runCliSample } from "./cli-driver";
import { corpusRoots, listCorpus } from "./corpus";
import { describeFailure, fuzz, makeInput } from "./fuzz";
import { MUTATORS, mutatorByName, NESTING_DEPTH } from "./mutators";
import { runServerSample } from "./server-driver";

const SEED = 20261123;
/** Repository files only (bench/corpus is optional and changes). */
const corpus = listCorpus(corpusRoots().filter((root) => !root.includes(`${path.sep}bench${path.sep}`)));

beforeAll(() => initPython());

function failuresText(failures: Parameters<typeof describeFailure>[0][]): string {
  return failures.map(describeFailure).join("\n\n");
}

describe("seeded fuzz (in process)", () => {
  it("has TypeScript and Python inputs", () => {
    expect(corpus.filter((f) => f.language === "typescript").length).toBeGreaterThan(50);
    expect(corpus.filter((f) => f.language === "python").length).toBeGreaterThan(10);
  });

  it("mutated real files: no throw, no rule crash, ranges inside the text, fixes never corrupt text", () => {
    const stats = fuzz({ seed: SEED, corpus, iterations: 150, mutators: MUTATORS.filter((m) => !m.heavy) });
    expect(stats.inputs).toBe(150);
    expect(Object.keys(stats.perMutator).sort()).toEqual(MUTATORS.filter((m) => !m.heavy).map((m) => m.name).sort());
    expect(failuresText(stats.failures)).toBe("");
  });

  // Each nesting template once per language, at full depth, inserted into a real file: no stack overflow, no
  // crash, and within the time budget per MB.
  for (const [language, templates] of [
    ["typescript", 11],
    ["python", 9],
  ] as const) {
    it(`${NESTING_DEPTH.toLocaleString("en-US")}-level nesting (${language}): every template`, () => {
      const file = corpus.find((f) => f.language === language && f.filePath.includes(`${path.sep}examples${path.sep}`))!;
      const text = fs.readFileSync(file.filePath, "utf8");
      const mutator = mutatorByName("deep-nesting");
      const seen = new Set<string>();
      const failures: string[] = [];
      // The mutator picks the template from the input's seed: take the first seed for each template.
      for (let seed = 1; seen.size < templates && seed < 1000; seed++) {
        const input = makeInput(file, text, mutator, seed);
        const template = /template (\d+)/.exec(input.mutation.detail)![1];
        if (seen.has(template)) continue;
        seen.add(template);
        const result = checkInput(file.filePath, input.mutation.text);
        if (result.problems.length > 0) failures.push(`seed ${seed} (${input.mutation.detail}): ${result.problems.map((p) => `${p.kind}: ${p.message.split("\n")[0]}`).join("; ")}`);
      }
      expect(seen.size).toBe(templates);
      expect(failures).toEqual([]);
    });
  }
});

describe("regressions found by the fuzzer", () => {
  // A 10,000-link promise chain: TypeScript parses member chains in a loop, so the tree is 10,000 levels deep
  // while the parser's stack is not.
  const chain = `x${".then(() => readFileSync(p))".repeat(NESTING_DEPTH)}`;

  it("TypeScript: `var` hoisting through a 10,000-level tree does not overflow the stack", () => {
    const text = `async function h(p: string) {\n  var fs = require("fs");\n  await ${chain};\n  fs.readFileSync(p);\n}\n`;
    const result = checkInput("/virtual/hoisting.js", text, { fixes: false });
    expect(result.notAnalyzed).toBeUndefined();
    expect(result.problems).toEqual([]);
    expect(result.findings).toBe(1);
  });

  it("TypeScript: calls 10,000 levels deep are placed in their async function in linear time", () => {
    const text = `import { readFileSync } from "fs";\nasync function h(p: string) {\n  await ${chain};\n}\n`;
    const started = performance.now();
    const result = checkInput("/virtual/calls.ts", text, { fixes: false });
    expect(result.notAnalyzed).toBeUndefined();
    expect(result.problems).toEqual([]);
    // The callbacks are not inline callbacks: readFileSync in them does not block h.
    expect(result.findings).toBe(0);
    // Was minutes (walks up the whole chain for each call and each identifier); now within the budget of a 0.3 MB file.
    expect(performance.now() - started).toBeLessThan(budgetMs(text));
  });

  it("TypeScript: code nested too deeply for the parser is reported as not analysed instead of throwing", () => {
    const result = lintSource({ filePath: "/virtual/deep.ts", text: `const a = ${"(".repeat(NESTING_DEPTH)}1${")".repeat(NESTING_DEPTH)};\n`, rules: allRulesSettings() });
    expect(result.notAnalyzed).toBe("nested too deeply to parse (the parser ran out of stack space)");
    expect(result.findings).toEqual([]);
    expect(result.internalErrors).toEqual([]);
  });

  it("Python: calls 10,000 levels deep are placed in their coroutine in linear time", () => {
    // Was minutes: each call walked up the whole chain (resolving every enclosing callee) and each identifier
    // walked up for its scope.
    const text = `import time\n\nasync def h():\n    g = ${"f(".repeat(NESTING_DEPTH)}time.sleep(1)${")".repeat(NESTING_DEPTH)}\n`;
    const started = performance.now();
    const result = checkInput("/virtual/calls.py", text, { fixes: false });
    expect(result.notAnalyzed).toBeUndefined();
    expect(result.problems).toEqual([]);
    expect(result.findings).toBe(1);
    expect(performance.now() - started).toBeLessThan(budgetMs(text));
  });

  it("Python: 10,000 nested lambdas do not overflow the stack when a fix plans its import", () => {
    const text = `import time\n\nc = ${"lambda: ".repeat(NESTING_DEPTH)}1\n\nasync def h():\n    time.sleep(1)\n`;
    const result = lintSource({ filePath: "/virtual/lambdas.py", text, rules: allRulesSettings() });
    expect(result.internalErrors).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toContain("no-blocking-call");
  });

  it("Python: a concatenated file with thousands of fixes plans their imports in linear time", () => {
    // Was over a minute per MB, growing with the square of the size: every fix walked every scope and every
    // top-level statement of the file.
    const text = "import time\nfrom asyncio import gather\n\nasync def f():\n    time.sleep(1)\n\n\n".repeat(5_000);
    const started = performance.now();
    const result = lintSource({ filePath: "/virtual/concatenated-fixes.py", text, rules: allRulesSettings() });
    expect(result.internalErrors).toEqual([]);
    const fixed = result.findings.filter((f) => f.ruleId === "no-blocking-call");
    expect(fixed).toHaveLength(5_000);
    expect(fixed.every((f) => fixesOf(f).length > 0)).toBe(true);
    expect(performance.now() - started).toBeLessThan(budgetMs(text));
  });

  it("Python: a name bound 20,000 times (a concatenated file) resolves in linear time", () => {
    const text = "import time\nfrom os import path\n\n".repeat(20_000) + "async def f():\n    time.sleep(path.sep)\n";
    const started = performance.now();
    const result = checkInput("/virtual/concatenated.py", text, { fixes: false });
    expect(result.problems).toEqual([]);
    expect(result.findings).toBeGreaterThanOrEqual(1);
    expect(performance.now() - started).toBeLessThan(budgetMs(text));
  });
});

describe("seeded fuzz through the CLI and the server", () => {
  beforeAll(() => assertServerBuilt());

  it("the CLI exits 0 or 1 with no stack trace on mutated files", () => {
    const result = runCliSample({ seed: SEED, corpus, count: 20, mutators: MUTATORS.filter((m) => !m.heavy) });
    expect(result.failures).toEqual([]);
    expect(result.files).toBe(20);
  }, 120_000);

  it("the server answers diagnostics for every mutated document version and a final request", async () => {
    const result = await runServerSample({ seed: SEED, corpus, count: 20 });
    expect(result.failures).toEqual([]);
    expect(result.documents).toBe(20);
  }, 120_000);
});
