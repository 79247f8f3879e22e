// With typescript-eslint's parser, the plugin lints the parser's own TypeScript tree (and, typed, its program)
// instead of parsing again. `typescript` is wrapped for async-lint's code only (typescript-eslint loads its own
// through Node.js, unwrapped), so the counts below are the parses and programs async-lint itself makes.
import * as fs from "node:fs";
import * as path from "node:path";
import tsParser from "@typescript-eslint/parser";
import { type ESLint, Linter } from "eslint";
import type ts from "typescript";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Lint } from "../../eslint-plugin/file-runs";
import { createPlugin } from "../../eslint-plugin/plugin";
import { type LintRequest, type LintResult, lintSource, type RuleSetting } from "../../rules/core/engine";
import type { Finding, RuleId } from "../../rules/core/model";
import { RULES } from "../../rules/core/registry";
import { programOf } from "../../rules/core/testing/fixtures";
import { REPO_ROOT } from "./fixture-cases";

const made = vi.hoisted(() => ({ sourceFiles: 0, programs: 0 }));

vi.mock("typescript", async (importOriginal) => {
  const actual = (await importOriginal<{ default: typeof ts }>()).default;
  const counted: typeof ts = {
    ...actual,
    createSourceFile: (...args: Parameters<typeof ts.createSourceFile>) => {
      made.sourceFiles++;
      return actual.createSourceFile(...args);
    },
    createProgram: ((...args: Parameters<typeof ts.createProgram>) => {
      made.programs++;
      return (actual.createProgram as (...a: unknown[]) => ts.Program)(...args);
    }) as typeof ts.createProgram,
  };
  return { ...counted, default: counted };
});

type ParserServices = { program: ts.Program | null; esTreeNodeToTSNodeMap: WeakMap<object, unknown> };

/** typescript-eslint's parser, keeping what it returned for the last file; `change` alters its services. */
function recordingParser(change?: (services: ParserServices, ast: object) => void) {
  const last: { sourceFile?: ts.SourceFile; program?: ts.Program | null } = {};
  const parser = {
    meta: { name: "recording-parser" },
    parseForESLint(code: string, options: Parameters<typeof tsParser.parseForESLint>[1]) {
      const result = tsParser.parseForESLint(code, options);
      const services = result.services as unknown as ParserServices;
      last.sourceFile = services.esTreeNodeToTSNodeMap.get(result.ast) as ts.SourceFile;
      last.program = services.program;
      change?.(services, result.ast);
      return result;
    },
  };
  return { parser: parser as unknown as Linter.Parser, last };
}

function countingPlugin() {
  const runs: { request: LintRequest; result: LintResult }[] = [];
  const lint: Lint = (request) => {
    const result = lintSource(request);
    runs.push({ request, result });
    return result;
  };
  return { plugin: createPlugin(lint), runs };
}

function lintWith(parser: Linter.Parser | undefined, filePath: string, text: string, parserOptions: Linter.ParserOptions = {}, typed = false) {
  const { plugin, runs } = countingPlugin();
  const config: Linter.Config[] = [
    {
      files: ["**/*.ts", "**/*.mjs"],
      languageOptions: { ...(parser ? { parser } : {}), parserOptions },
      plugins: { "async-lint": plugin as unknown as ESLint.Plugin },
      rules: plugin.configs[typed ? "recommended-typed" : "recommended"][0].rules as Linter.RulesRecord,
    },
  ];
  const messages = new Linter({ cwd: REPO_ROOT }).verify(text, config, filePath);
  expect(runs).toHaveLength(1);
  return { messages, ...runs[0] };
}

const recommended = new Map<RuleId, RuleSetting>(
  RULES.map((rule) => [rule.meta.id, { severity: rule.detectors.typescript && rule.meta.typeInformation !== "required" ? rule.meta.defaultSeverity : "off", options: rule.meta.defaultOptions }]),
);
const fromEslint = (m: Linter.LintMessage) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId} ${m.message}`;
const fromEngine = (f: Finding) => `${f.location.line}:${f.location.column}-${f.location.endLine}:${f.location.endColumn} async-lint/${f.ruleId} ${f.message}`;

const BLOCKING = `import fs from "node:fs";

export async function load(): Promise<string> {
  return fs.readFileSync("a.txt", "utf8");
}
`;
const virtualFile = path.join(REPO_ROOT, "test/eslint/virtual/file.ts");

beforeEach(() => {
  made.sourceFiles = 0;
  made.programs = 0;
});

describe("with typescript-eslint's parser", () => {
  it("lints the parser's TypeScript tree without parsing the file again (no type information)", () => {
    const { parser, last } = recordingParser();
    const { messages, request, result } = lintWith(parser, virtualFile, BLOCKING);
    expect(request.sourceFile).toBe(last.sourceFile);
    expect(request.program).toBeUndefined();
    expect(made).toEqual({ sourceFiles: 0, programs: 0 });
    expect(result.typed).toBe(false);
    expect(messages.map((m) => m.ruleId)).toEqual(["async-lint/no-blocking-call"]);
  });

  it("lints typed with the parser's program and its checker, building no program and parsing nothing", () => {
    // A call whose promise only the checker sees: found in typed mode, not in syntax mode.
    const filePath = path.join(REPO_ROOT, "rules/no-unawaited-call/fixtures/typed/typed-only.ts");
    const tsconfigPath = path.join(path.dirname(filePath), "tsconfig.json");
    const text = fs.readFileSync(filePath, "utf8");
    const typed = lintSource({ filePath, text, rules: recommended, program: programOf(tsconfigPath) }).findings.map(fromEngine).sort();
    const syntax = lintSource({ filePath, text, rules: recommended }).findings.map(fromEngine).sort();
    expect(typed).not.toEqual(syntax);
    made.sourceFiles = 0;
    made.programs = 0;

    const { parser, last } = recordingParser();
    const { messages, request, result } = lintWith(parser, filePath, text, { projectService: true, tsconfigRootDir: REPO_ROOT }, true);
    expect(last.program).toBeTruthy();
    expect(request.program).toBe(last.program);
    expect(made).toEqual({ sourceFiles: 0, programs: 0 });
    expect(result.typed).toBe(true);
    expect(messages.map(fromEslint).sort()).toEqual(typed);
  });

  it("parses the text itself when the tree comes from another copy of TypeScript (its SyntaxKinds may differ)", () => {
    // What a tree of another `typescript` module looks like to this one: the same fields, another prototype.
    const { parser } = recordingParser((services, ast) => {
      const theirs = services.esTreeNodeToTSNodeMap.get(ast) as object;
      services.esTreeNodeToTSNodeMap.set(ast, Object.assign(Object.create({ kind: (theirs as ts.Node).kind }), theirs));
    });
    const { messages, request } = lintWith(parser, virtualFile, BLOCKING);
    expect(request.sourceFile).toBeUndefined();
    expect(made.sourceFiles).toBe(1);
    expect(messages.map((m) => m.ruleId)).toEqual(["async-lint/no-blocking-call"]);
  });
});

describe("with ESLint's own parser (espree)", () => {
  it("parses the text once: there is no TypeScript tree to reuse", () => {
    const { messages, request } = lintWith(undefined, path.join(REPO_ROOT, "test/eslint/virtual/file.mjs"), BLOCKING.replace(": Promise<string>", ""));
    expect(request.sourceFile).toBeUndefined();
    expect(made).toEqual({ sourceFiles: 1, programs: 0 });
    expect(messages.map((m) => m.ruleId)).toEqual(["async-lint/no-blocking-call"]);
  });
});
