// The adapter's own behaviour: what the plugin exposes, one engine run per file for all rules, findings equal
// to the CLI's when every rule runs together, suppressions, locations, parsers, options and internal errors.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import tsParser from "@typescript-eslint/parser";
import { type ESLint, Linter } from "eslint";
import { describe, expect, it, onTestFinished } from "vitest";
import plugin from "../../eslint-plugin/index";
import type { Lint } from "../../eslint-plugin/file-runs";
import { createPlugin } from "../../eslint-plugin/plugin";
import { FileRuns } from "../../eslint-plugin/file-runs";
import { createEslintRule } from "../../eslint-plugin/rule";
import { DiskSources } from "../../eslint-plugin/sources";
import { resolveRuleSettings } from "../../rules/core/config";
import { type LintRequest, lintSource, type RuleSetting } from "../../rules/core/engine";
import { type Finding, type RuleId } from "../../rules/core/model";
import { docsUrlOf, RULES } from "../../rules/core/registry";
import { fixtureOptions, fixtureSources, listFixtures } from "../../rules/core/testing/fixtures";
import { languageOf } from "../../rules/core/engine";
import { REPO_ROOT, ruleDirOf } from "./fixture-cases";

const TS_FAMILY = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"];
const exposed = RULES.filter((rule) => rule.detectors.typescript);
const asPlugin = (p: unknown) => p as ESLint.Plugin;
/** The rules of a config's first (base) entry; the entries after it are the test-file defaults. */
const baseRules = (config: typeof plugin.configs.recommended) => config[0].rules as Linter.RulesRecord;

interface LintOptions {
  filename?: string;
  rules?: Linter.RulesRecord;
  parser?: Linter.Parser | null;
  plugins?: Record<string, ESLint.Plugin>;
  files?: string[];
  linterOptions?: Linter.LinterOptions;
}

function eslintConfig(options: LintOptions = {}): Linter.Config[] {
  return [
    {
      files: options.files ?? TS_FAMILY,
      ...(options.parser === null ? {} : { languageOptions: { parser: (options.parser ?? tsParser) as Linter.Parser } }),
      plugins: options.plugins ?? { "async-lint": asPlugin(plugin) },
      rules: options.rules ?? baseRules(plugin.configs.recommended),
      ...(options.linterOptions ? { linterOptions: options.linterOptions } : {}),
    },
  ];
}

function eslintLint(code: string, options: LintOptions = {}, linter = new Linter({ cwd: REPO_ROOT })): Linter.LintMessage[] {
  return linter.verify(code, eslintConfig(options), options.filename ?? path.join(REPO_ROOT, "test/eslint/virtual/file.ts"));
}

const BLOCKING = `import fs from "node:fs";

export async function load(): Promise<string> {
  return fs.readFileSync("a.txt", "utf8");
}
`;

describe("the plugin", () => {
  it("has one rule per registered rule with a TypeScript detector, named by its id, with its docs URL", () => {
    expect(Object.keys(plugin.rules)).toEqual(exposed.map((rule) => rule.meta.id));
    for (const rule of exposed) {
      const eslintRule = plugin.rules[rule.meta.id];
      expect(eslintRule.meta.docs?.url).toBe(docsUrlOf(rule.meta.id));
      expect(eslintRule.meta.docs?.description).toBe(rule.meta.description);
      expect(eslintRule.meta.schema).toEqual([rule.meta.optionsSchema]);
      expect(eslintRule.meta.fixable).toBe(rule.meta.fixable === "safe" ? "code" : undefined);
      expect(eslintRule.meta.hasSuggestions).toBe(rule.meta.fixable !== "none");
      for (const [id, template] of Object.entries(rule.meta.messages)) expect(eslintRule.meta.messages[id]).toBe(template);
    }
  });

  it("recommended turns on every rule that works without types at its default severity; recommended-typed adds those that need types", () => {
    const severity = { error: "error", warning: "warn", info: "warn" } as const;
    const entries = (rules: typeof exposed) => Object.fromEntries(rules.map((rule) => [`async-lint/${rule.meta.id}`, severity[rule.meta.defaultSeverity]]));
    expect(baseRules(plugin.configs.recommended)).toEqual(entries(exposed.filter((rule) => rule.meta.typeInformation !== "required")));
    expect(baseRules(plugin.configs["recommended-typed"])).toEqual(entries(exposed));
    for (const config of [plugin.configs.recommended, plugin.configs["recommended-typed"]]) {
      expect(config[0].plugins?.["async-lint"]).toBe(plugin);
      // No parser or parserOptions: those stay the user's (typescript-eslint throws when projectService and project are both set).
      for (const entry of config) expect(entry.languageOptions).toBeUndefined();
    }
  });

  it("recommended applies the CLI's test-file defaults: the same findings and severities as `async-lint` in a test file and beside it", () => {
    const code = `import fs from "node:fs";
async function loadUser(id: string): Promise<string> {
  return (await fetch(\`/users/\${id}\`, { signal: AbortSignal.timeout(5000) })).text();
}
async function loadCount(id: string): Promise<number> {
  return id.length;
}
export async function load(id: string, ids: string[]) {
  const user = await loadUser(id);
  const count = await loadCount(id);
  const all = await Promise.all(ids.map((other) => fetch(\`/users/\${other}\`, { signal: AbortSignal.timeout(5000) })));
  const text = fs.readFileSync("fixture.json", "utf8");
  return [user, count, all, text];
}
`;
    const severityOf = { error: 2, warning: 1, info: 1 } as const;
    // A project of its own (this repository's files are all under test/): the CLI matches the globs from its package.json.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-plugin-tests-"));
    fs.writeFileSync(path.join(project, "package.json"), "{}");
    onTestFinished(() => fs.rmSync(project, { recursive: true, force: true }));
    for (const file of ["src/seed.ts", "src/seed.test.ts", "test/seed.ts", "src/__tests__/seed.ts", "e2e/seed.spec.ts"]) {
      const filePath = path.join(project, file);
      // As a user writes it: the plugin's configs spread into their own.
      const config = [{ files: TS_FAMILY, languageOptions: { parser: tsParser as Linter.Parser } }, ...plugin.configs.recommended] as Linter.Config[];
      const messages = new Linter({ cwd: project }).verify(code, config, filePath);
      const cli = lintSource({ filePath, text: code, rules: resolveRuleSettings(undefined, {}, filePath) });
      const recommendedIds = new Set(Object.keys(baseRules(plugin.configs.recommended)));
      const expected = cli.findings.filter((f) => recommendedIds.has(`async-lint/${f.ruleId}`)).map((f) => `${f.location.line}:${f.location.column} async-lint/${f.ruleId} ${severityOf[f.severity]}`);
      expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.severity}`).sort(), file).toEqual(expected.sort());
      const ruleIds = new Set(messages.map((m) => m.ruleId));
      const isTest = file !== "src/seed.ts";
      expect(ruleIds.has("async-lint/prefer-concurrent-awaits"), file).toBe(!isTest);
      expect(ruleIds.has("async-lint/require-concurrency-limit"), file).toBe(!isTest);
      expect(messages.find((m) => m.ruleId === "async-lint/no-blocking-call")?.severity, file).toBe(isTest ? 1 : 2);
    }
  });

  it("reports a finding with the engine's message, location, fix and suggestions", () => {
    const messages = eslintLint(BLOCKING);
    const finding = lintSource({ filePath: "file.ts", text: BLOCKING, rules: onlyRule("no-blocking-call") }).findings[0];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      ruleId: "async-lint/no-blocking-call",
      messageId: finding.messageId,
      message: finding.message,
      severity: 2,
      ...finding.location,
    });
    expect(messages[0].fix).toBeDefined();
  });
});

describe("one engine run per file", () => {
  function countingPlugin() {
    const requests: LintRequest[] = [];
    const counting: Lint = (request) => {
      requests.push(request);
      return lintSource(request);
    };
    return { plugin: createPlugin(counting), requests };
  }
  const active = (request: LintRequest) => [...request.rules].filter(([, setting]) => setting.severity !== "off").map(([id]) => id);

  it("serves every enabled rule from a single run (one parse, one walk) with all of them on", () => {
    const { plugin: counted, requests } = countingPlugin();
    const plugins = { "async-lint": asPlugin(counted) };
    eslintLint(BLOCKING, { plugins });
    expect(requests).toHaveLength(1);
    expect(active(requests[0])).toEqual(exposed.map((rule) => rule.meta.id));
    // Syntax mode: the engine parses the text once for all rules and follows imports into files on disk.
    expect(requests[0].program).toBeUndefined();
    expect(requests[0].sources).toBeDefined();
    eslintLint(BLOCKING.replace("a.txt", "b.txt"), { plugins });
    expect(requests).toHaveLength(2);
  });

  it("starts a new run when ESLint verifies the same SourceCode again with other rules or options", () => {
    const { plugin: counted, requests } = countingPlugin();
    const plugins = { "async-lint": asPlugin(counted) };
    const linter = new Linter({ cwd: REPO_ROOT });
    const filename = path.join(REPO_ROOT, "test/eslint/virtual/file.ts");
    const code = `import { querySync } from "my-db";\nexport async function q() { return querySync(); }\n`;
    const custom = { blocking: [{ module: "my-db", name: "querySync", replacement: "query" }] };
    const first = linter.verify(code, eslintConfig({ plugins, rules: { "async-lint/no-blocking-call": ["error", custom] } }), filename);
    expect(first.map((m) => m.line)).toEqual([2]);
    const again = linter.verify(linter.getSourceCode()!, eslintConfig({ plugins, rules: { "async-lint/no-blocking-call": "error" } }), filename);
    expect(again).toEqual([]);
    expect(requests.map(active)).toEqual([["no-blocking-call"], ["no-blocking-call"]]);
    expect(requests[1].rules.get("no-blocking-call")!.options).toEqual({ ...(RULES[0].meta.defaultOptions as object) });
  });

  it("lints a second copy of the plugin (registered under another name) with that copy's own options", () => {
    const custom = { blocking: [{ module: "my-db", name: "querySync", replacement: "query" }] };
    const code = `import { querySync } from "my-db";\nimport fs from "node:fs";\nexport async function q() { querySync(); fs.readFileSync("a"); }\n`;
    const messages = eslintLint(code, {
      plugins: { "async-lint": asPlugin(plugin), other: asPlugin(plugin) },
      rules: { "async-lint/no-blocking-call": "error", "other/no-blocking-call": ["warn", custom] },
    });
    expect(messages.map((m) => [m.ruleId, m.column])).toEqual([
      ["other/no-blocking-call", 29],
      ["async-lint/no-blocking-call", 42],
      ["other/no-blocking-call", 42],
    ]);
  });
});

describe("findings equal the CLI's when all rules run together", () => {
  for (const rule of exposed) {
    for (const fixture of listFixtures(ruleDirOf(rule))) {
      if (languageOf(fixture.filePath) !== "typescript") continue;
      it(path.relative(REPO_ROOT, fixture.filePath), () => {
        const text = fs.readFileSync(fixture.filePath, "utf8");
        const options = fixtureOptions(text);
        const recommended = exposed.filter((r) => r.meta.typeInformation !== "required");
        const eslintRules: Linter.RulesRecord = { ...baseRules(plugin.configs.recommended) };
        if (options) eslintRules[`async-lint/${rule.meta.id}`] = [eslintRules[`async-lint/${rule.meta.id}`] as Linter.RuleSeverity, options];
        const messages = eslintLint(text, { filename: fixture.filePath, rules: eslintRules });

        const settings = new Map<RuleId, RuleSetting>(
          RULES.map((r) => [
            r.meta.id,
            {
              severity: recommended.includes(r) ? r.meta.defaultSeverity : "off",
              options: { ...(r.meta.defaultOptions as object), ...(r === rule ? options : {}) },
            },
          ]),
        );
        const cli = lintSource({ filePath: fixture.filePath, text, rules: settings, sources: fixtureSources(fixture.filePath) });
        expect(messages.filter((m) => m.fatal)).toEqual([]);
        expect(messages.map(fromEslint).sort()).toEqual(cli.findings.map(fromEngine).sort());
      });
    }
  }
});

const fromEslint = (m: Linter.LintMessage) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId} ${m.messageId} ${m.message}`;
const fromEngine = (f: Finding) =>
  `${f.location.line}:${f.location.column}-${f.location.endLine}:${f.location.endColumn} async-lint/${f.ruleId} ${f.messageId} ${f.message}`;

function onlyRule(ruleId: RuleId) {
  return new Map<RuleId, RuleSetting>(RULES.map((r) => [r.meta.id, { severity: r.meta.id === ruleId ? r.meta.defaultSeverity : "off", options: r.meta.defaultOptions }]));
}

describe("suppressions", () => {
  const code = `import fs from "node:fs";
export async function load() {
  // async-lint-disable-next-line no-blocking-call -- startup only
  fs.readFileSync("a");
  // eslint-disable-next-line async-lint/no-blocking-call
  fs.readFileSync("b");
  fs.readFileSync("c");
  // async-lint-disable-next-line no-such-rule
  fs.readFileSync("d");
  // eslint-disable-next-line async-lint/no-blocking-call
  const ok = 1;
  return ok;
}
`;

  it("honours async-lint's comments (the engine applies them) and ESLint's own, and leaves directive problems to the CLI", () => {
    const messages = eslintLint(code, { rules: { "async-lint/no-blocking-call": "error" }, linterOptions: { reportUnusedDisableDirectives: "error" } });
    expect(messages.map((m) => [m.line, m.ruleId])).toEqual([
      [7, "async-lint/no-blocking-call"],
      [9, "async-lint/no-blocking-call"],
      [10, null],
    ]);
    expect(messages[2].message).toMatch(/Unused eslint-disable directive/);
  });
});

describe("locations", () => {
  it("match the CLI's 1-based columns with CRLF line ends, tabs and characters outside the BMP", () => {
    const code = `import fs from "node:fs";\r\nexport async function f() {\r\n\tconst s = "😀"; return s + fs.readFileSync("a");\r\n}\r\n`;
    const [message] = eslintLint(code, { rules: { "async-lint/no-blocking-call": "error" } });
    const [finding] = lintSource({ filePath: "file.ts", text: code, rules: onlyRule("no-blocking-call") }).findings;
    expect(finding.location.line).toBe(3);
    expect(finding.location.column).toBe(code.indexOf("fs.readFileSync") - code.indexOf("\tconst") + 1);
    expect({ line: message.line, column: message.column, endLine: message.endLine, endColumn: message.endColumn }).toEqual(finding.location);
  });
});

describe("files and parsers", () => {
  const js = BLOCKING.replace(": Promise<string>", "");

  it("lints plain JavaScript parsed by ESLint's default parser (no parser services)", () => {
    expect(eslintLint(js, { parser: null, filename: path.join(REPO_ROOT, "x/file.mjs") }).map((m) => m.ruleId)).toEqual(["async-lint/no-blocking-call"]);
  });

  it("leaves alone files the CLI does not check: declaration files and other extensions", () => {
    for (const name of ["x/file.d.ts", "x/component.vue", "x/notes.txt"]) {
      expect(eslintLint(js, { parser: null, filename: path.join(REPO_ROOT, name), files: ["**/*.ts", "**/*.vue", "**/*.txt"] }), name).toEqual([]);
    }
  });
});

describe("options", () => {
  it("are validated with the rule's schema", () => {
    expect(() => eslintLint(BLOCKING, { rules: { "async-lint/no-blocking-call": ["error", { blocking: "fs" }] } })).toThrow(/no-blocking-call/);
  });

  it("replace the default of each option given, like the CLI's config", () => {
    const code = `import { querySync } from "my-db";\nimport fs from "node:fs";\nexport async function q() { querySync(); fs.readFileSync("a"); }\n`;
    const blocking = [{ module: "my-db", name: "querySync", replacement: "query" }];
    const messages = eslintLint(code, { rules: { "async-lint/no-blocking-call": ["error", { blocking }] } });
    expect(messages.map((m) => m.column)).toEqual([29, 42]);
  });
});

describe("failures", () => {
  it("reports a detector's internal error as a problem on the file instead of stopping ESLint", () => {
    const failing: Lint = (request) => ({
      ...lintSource(request),
      findings: [],
      internalErrors: [{ ruleId: "no-blocking-call", message: "boom" }],
    });
    const messages = eslintLint(BLOCKING, { plugins: { "async-lint": asPlugin(createPlugin(failing)) }, rules: { "async-lint/no-blocking-call": "error" } });
    expect(messages.map((m) => [m.line, m.column, m.message])).toEqual([
      [1, 1, "async-lint could not check this file with no-blocking-call (internal error: boom). Please report it."],
    ]);
  });

  it("reports a failure on one node where it happened, keeping the rule's other findings", () => {
    const failing: Lint = (request) => {
      const result = lintSource(request);
      return { ...result, internalErrors: [{ ruleId: "no-blocking-call", message: "Maximum call stack size exceeded", at: { line: 2, column: 3 }, failedNodes: 1 }] };
    };
    const messages = eslintLint(BLOCKING, { plugins: { "async-lint": asPlugin(createPlugin(failing)) }, rules: { "async-lint/no-blocking-call": "error" } });
    expect(messages.filter((m) => m.message.startsWith("async-lint could not")).map((m) => [m.line, m.column, m.message])).toEqual([
      [2, 3, "async-lint could not check this code with no-blocking-call (internal error: Maximum call stack size exceeded); the rest of the file was checked. Please report it."],
    ]);
    expect(messages.filter((m) => !m.message.startsWith("async-lint could not")).length).toBeGreaterThan(0);
  });

  it("a rule that needs types explains how to enable typed linting when it is off", () => {
    const needsTypes = { ...RULES[0], meta: { ...RULES[0].meta, typeInformation: "required" as const } };
    const rule = createEslintRule(needsTypes, { runs: new FileRuns(), sources: new DiskSources(), lint: lintSource });
    const typedOnly = asPlugin({ rules: { "needs-types": rule } });
    expect(() => eslintLint(BLOCKING, { plugins: { t: typedOnly }, rules: { "t/needs-types": "error" } })).toThrow(/typed-linting/);
  });
});
