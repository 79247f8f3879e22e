// The real `eslint` CLI with a user's flat config (typescript-eslint parser, typed linting, our
// recommended-typed config imported as `async-lint/eslint-plugin`) on a small project, and the built bundle.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import plugin from "../../eslint-plugin/index";
import { lintSource, type RuleSetting } from "../../rules/core/engine";
import type { RuleId } from "../../rules/core/model";
import { RULES } from "../../rules/core/registry";
import { parseExpectations, programOf } from "../../rules/core/testing/fixtures";
import { REPO_ROOT } from "./fixture-cases";

const PROJECT = path.join(__dirname, "fixtures/e2e");
const BUNDLE = path.join(REPO_ROOT, "dist/eslint-plugin.js");

interface EslintMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}
interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  suppressedMessages: EslintMessage[];
}

beforeAll(() => {
  // The build the package ships: the same script and settings as `npm run build`, this entry only.
  execFileSync(process.execPath, ["scripts/build.mjs", "eslint-plugin"], { cwd: REPO_ROOT, stdio: "pipe" });
}, 60_000);

describe("eslint CLI with the plugin", () => {
  let results: EslintResult[];
  beforeAll(() => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, "node_modules/.bin/eslint"), "--format", "json", "src"], { cwd: PROJECT, encoding: "utf8" });
    // Exit code 1: problems were found (2 would be a crash or a config error).
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    results = JSON.parse(run.stdout) as EslintResult[];
  }, 60_000);

  const sourceFiles = ["src/helpers.ts", "src/plain.js", "src/service.ts"];

  it("lints every file of the project", () => {
    expect(results.map((r) => path.relative(PROJECT, r.filePath)).sort()).toEqual(sourceFiles);
  });

  for (const file of sourceFiles) {
    it(`${file}: the CLI engine's typed findings, with eslint-disable applied by ESLint`, () => {
      const filePath = path.join(PROJECT, file);
      const text = fs.readFileSync(filePath, "utf8");
      const result = results.find((r) => r.filePath === filePath)!;
      const expectedLines = parseExpectations(text, "typed").map((e) => `${e.line} async-lint/${e.ruleId}`);
      expect(result.messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(expectedLines);

      const recommendedTyped = new Set(Object.keys(plugin.configs["recommended-typed"][0].rules ?? {}));
      const settings = new Map<RuleId, RuleSetting>(
        RULES.map((r) => [r.meta.id, { severity: recommendedTyped.has(`async-lint/${r.meta.id}`) ? r.meta.defaultSeverity : "off", options: r.meta.defaultOptions }]),
      );
      const engine = lintSource({ filePath, text, rules: settings, program: programOf(path.join(PROJECT, "tsconfig.json")) });
      expect(engine.typed).toBe(true);
      const eslintDisabled = new Set(text.split("\n").flatMap((line, index) => (line.includes("eslint-disable-next-line") ? [index + 2] : [])));
      const shown = (m: EslintMessage) => ({ ruleId: m.ruleId, messageId: m.messageId, message: m.message, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn });
      const fromEngine = (shownInEslint: boolean) =>
        engine.findings
          .filter((f) => eslintDisabled.has(f.location.line) !== shownInEslint)
          .map((f) => ({ ruleId: `async-lint/${f.ruleId}`, messageId: f.messageId, message: f.message, ...f.location }));
      expect(result.messages.map(shown)).toEqual(fromEngine(true));
      expect(result.suppressedMessages.map(shown)).toEqual(fromEngine(false));
    });
  }

  it("uses ESLint severities from our defaults: error → 2, warning → 1", () => {
    const service = results.find((r) => r.filePath.endsWith("service.ts"))!;
    expect(service.messages.map((m) => [m.ruleId, m.severity])).toEqual([
      ["async-lint/no-blocking-call", 2],
      ["async-lint/no-blocking-call", 2],
      ["async-lint/require-timeout", 1],
    ]);
  });
});

describe("the bundle", () => {
  it("loads with require() as the plugin itself and needs only typescript and Node built-ins at run time", () => {
    const probe = `
      const Module = require("node:module");
      const requested = new Set();
      const load = Module._load;
      Module._load = function (request, ...rest) { requested.add(request); return load.call(this, request, ...rest); };
      const plugin = require(${JSON.stringify(BUNDLE)});
      requested.delete(${JSON.stringify(BUNDLE)});
      console.log(JSON.stringify({ requested: [...requested], rules: Object.keys(plugin.rules), configs: Object.keys(plugin.configs) }));
    `;
    const output = JSON.parse(execFileSync(process.execPath, ["-e", probe], { encoding: "utf8" })) as { requested: string[]; rules: string[]; configs: string[] };
    const builtins = new Set(builtinModules);
    expect(output.requested.filter((name) => name !== "typescript" && !builtins.has(name.replace(/^node:/, "")))).toEqual([]);
    expect(output.rules).toEqual(RULES.filter((r) => r.detectors.typescript).map((r) => r.meta.id));
    expect(output.configs).toEqual(["recommended", "recommended-typed"]);
  });
});
