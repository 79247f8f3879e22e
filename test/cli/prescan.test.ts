// The pre-scan (rules/core/prescan.ts) runs only the rules that may report something in a file, and skips parsing
// files where none may. It must never change a result: every fixture and example is linted with and without it, each rule alone and all
// together, and the findings must be identical.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveRuleSettings } from "../../rules/core/config";
import { languageOf, lintSource, prescanSkips, type RuleSettings } from "../../rules/core/engine";
import { mentionsAny, originWords } from "../../rules/core/prescan";
import { RULES } from "../../rules/core/registry";
import { initPython } from "../../rules/index";
import { fixtureOptions, listFixtures, settingsFor } from "../../rules/core/testing/fixtures";
import { LintSetSources } from "../../rules/core/sources";
import { REPO, runCli, write, tempDir } from "./helpers";

const fixturesAndExamples = [
  ...RULES.flatMap((rule) => listFixtures(path.join(REPO, "rules", rule.meta.id)).map((fixture) => fixture.filePath)),
  ...fs
    .readdirSync(path.join(REPO, "examples"), { recursive: true, encoding: "utf8" })
    .map((name) => path.join(REPO, "examples", name))
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`)),
];
const typescriptFiles = fixturesAndExamples.filter((file) => languageOf(file) === "typescript");
const pythonFiles = fixturesAndExamples.filter((file) => languageOf(file) === "python");

function findingsOf(filePath: string, rules: RuleSettings, prescan: boolean, sources: LintSetSources): string[] {
  const text = fs.readFileSync(filePath, "utf8").replace(/^\uFEFF/, "");
  const result = lintSource({ filePath, text, rules, sources, prescan, reportUnusedDirectives: "warning" });
  return [...result.findings.map((f) => `${f.location.line}:${f.location.column} ${f.ruleId ?? "directive"} ${f.messageId} ${f.severity}`), ...result.internalErrors.map((e) => `crash ${e.ruleId}`)];
}

describe("pre-scan", { timeout: 120_000 }, () => {
  beforeAll(() => initPython());

  it("finds TypeScript and Python fixtures to check", () => {
    expect(typescriptFiles.length).toBeGreaterThan(50);
    expect(pythonFiles.length).toBeGreaterThan(50);
  });

  for (const [language, files] of [
    ["typescript", typescriptFiles],
    ["python", pythonFiles],
  ] as const) {
    for (const rule of RULES.filter((r) => r.meta.languages.includes(language))) {
      it(`changes no finding of ${rule.meta.id} alone, on every ${language} fixture and example`, () => {
        const sources = new LintSetSources(files);
        let withFindings = 0;
        for (const file of files) {
          const rules = settingsFor(rule.meta.id, fixtureOptions(fs.readFileSync(file, "utf8")));
          const expected = findingsOf(file, rules, false, sources);
          if (expected.length > 0) withFindings++;
          expect(findingsOf(file, rules, true, sources), file).toEqual(expected);
        }
        // The comparison means something only if the rule reports somewhere.
        expect(withFindings).toBeGreaterThan(0);
      });
    }

    it(`changes no finding with every rule on at its defaults, on every ${language} fixture and example`, () => {
      const sources = new LintSetSources(files);
      const rules = resolveRuleSettings(undefined);
      for (const file of files) expect(findingsOf(file, rules, true, sources), file).toEqual(findingsOf(file, rules, false, sources));
    });
  }

  it("skips a file without the words its active rules need, and not one with them", () => {
    const defaults = resolveRuleSettings(undefined);
    const skips = (text: string, rules: RuleSettings = defaults) => prescanSkips("typescript", { text, rules });
    expect(skips("export const add = (a: number, b: number) => a + b;")).toBe(true);
    expect(skips("export async function load() {}")).toBe(false);
    expect(skips("const p = new Promise((resolve) => setImmediate(resolve));")).toBe(false);
    expect(skips("const axios = require('axios'); axios.get(url);")).toBe(false);
    // `await` matters only to prefer-concurrent-awaits (an await needs an async function, which the others see).
    expect(skips("for (const x of xs) await x;", settingsFor("prefer-concurrent-awaits"))).toBe(false);
    expect(skips("for (const x of xs) await x;", settingsFor("require-concurrency-limit"))).toBe(true);
    // A configured API adds its module's name.
    const custom = new Map(defaults);
    custom.set("require-timeout", { severity: "error", options: { defaultTimeoutMs: 10_000, apis: [{ module: "my-client", name: "get" }] } });
    expect(skips("const client = require('my-client'); client.get(url);", custom)).toBe(false);
    expect(skips("const client = require('my-client'); client.get(url);")).toBe(true);
    // `\u` escapes: words spelled with them count, an escape in a string alone does not force a lint.
    expect(skips("export \\u0061sync function load() {}")).toBe(false);
    expect(skips("export \\u{61}sync function load() {}")).toBe(false);
    expect(skips("const p = new \\u0050romise(() => {});")).toBe(false);
    expect(skips("const fs = require('\\u0066s'); fs.readFileSync(p);")).toBe(false);
    expect(skips("export const RED = '\\u001b[31m';")).toBe(true);
    // In Python a `\u` still means a lint; so does a directive anywhere.
    expect(prescanSkips("python", { text: "RED = '\\u001b[31m'\n", rules: defaults })).toBe(false);
    expect(skips("// async-lint-disable-next-line\nexport const x = 1;")).toBe(false);
  });

  it("skips a Python file without `async`, nor the packages of the coroutine APIs and fan-outs the rules know", () => {
    const defaults = resolveRuleSettings(undefined);
    const skips = (text: string, rules: RuleSettings = defaults) => prescanSkips("python", { text, rules });
    expect(skips("import time\n\ndef wait():\n    time.sleep(1)\n")).toBe(true);
    expect(skips("import time\n\nasync def wait():\n    time.sleep(1)\n")).toBe(false);
    // A task or coroutine made in sync code: reached through `asyncio` or an async client's package.
    expect(skips("import asyncio\n\ndef start(loop):\n    asyncio.ensure_future(work())\n")).toBe(false);
    expect(skips("from httpx import AsyncClient\n\ndef ping(client: AsyncClient):\n    client.aclose()\n")).toBe(false);
    expect(skips("import aiofiles\n\ndef read():\n    with aiofiles.open('x') as f:\n        pass\n")).toBe(false);
    // Words match whole: `async_mode` is not `async`.
    expect(skips("async_mode = False\n")).toBe(true);
    // An `async def` matters only to the rules that need it: require-timeout looks for its packages instead.
    expect(skips("async def f():\n    pass\n", settingsFor("require-timeout"))).toBe(true);
  });

  it("matches identifiers as whole words and modules as string literals", () => {
    const mentions = mentionsAny(["fetch", { module: "got" }, { module: "http" }, { module: "@aws-sdk/client-s3" }]);
    expect(mentions("window.fetch(url)")).toBe(true);
    expect(mentions("prefetch(url); fetcher()")).toBe(false);
    expect(mentions("const got = require('got');")).toBe(true);
    expect(mentions("import x from 'got/dist/source'")).toBe(true);
    expect(mentions("I forgot the gotcha; const got = 1;")).toBe(false);
    expect(mentions('import * as http from "node:http";')).toBe(true);
    expect(mentions("const h = require(`http`);")).toBe(true);
    expect(mentions("// see http://example.com and 'https://example.com'")).toBe(false);
    expect(mentions('import { S3 } from "@aws-sdk/client-s3/dist"')).toBe(true);
    expect(
      originWords([
        { module: "node:stream/promises", name: "pipeline" },
        { module: "globalThis", name: "Promise.all" },
        { module: "@scope/pkg/sub", name: "" },
        { module: "globalThis", names: ["fetch", "self.fetch"] },
        { module: "globalThis", name: "" },
      ]),
    ).toEqual([{ module: "stream" }, "Promise", { module: "@scope/pkg" }, "fetch", "fetch", "globalThis"]);
    expect(() => originWords([{ module: "globalThis", name: "*" }])).toThrow(/no word/);
  });

  it("never skips files with directives or \\u escapes", () => {
    const rules = resolveRuleSettings(undefined);
    const unused = lintSource({ filePath: "/virtual/c.ts", text: "// async-lint-disable-next-line no-blocking-call\nconst a = 1;\n", rules, prescan: true, reportUnusedDirectives: "warning" });
    expect(unused.findings.map((f) => f.messageId)).toHaveLength(1);
  });

  it("gives the same CLI output with and without it (the CLI always pre-scans)", () => {
    const dir = tempDir();
    write(dir, "plain.ts", "export const add = (a: number, b: number) => a + b;\n");
    write(dir, "blocking.ts", "import fs from 'node:fs';\nexport async function load() {\n  return fs.readFileSync('x', 'utf8');\n}\n");
    const run = runCli(["--format", "json"], dir, { allRules: true });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => `${m.line} ${m.ruleId}`)])).toEqual([
      ["blocking.ts", ["3 no-blocking-call"]],
      ["plain.ts", []],
    ]);
  });
});
