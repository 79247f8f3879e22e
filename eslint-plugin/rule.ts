import type { TSESLint } from "@typescript-eslint/utils";
import { getParserServices } from "@typescript-eslint/utils/eslint-utils";
import type { JSONSchema4 } from "@typescript-eslint/utils/json-schema";
import ts from "typescript";
import { languageOf, type LintRequest } from "../rules/core/engine";
import { plainTitle } from "../rules/core/display";
import { fixesOf } from "../rules/core/fixes";
import type { Finding, Fix, RuleId } from "../rules/core/model";
import { docsUrlOf } from "../rules/core/registry";
import type { RuleDefinition } from "../rules/core/rule";
import type { FileRuns, Lint } from "./file-runs";
import type { DiskSources } from "./sources";

/** What the plugin's rules share: the per-file runs, the files read for cross-file analyses, the engine. */
export interface Adapter {
  runs: FileRuns;
  sources: DiskSources;
  lint: Lint;
}

export interface AsyncLintRuleDocs {
  /** On in `configs.recommended` (and `configs["recommended-typed"]`). */
  recommended: boolean;
  /** Needs typed linting; only on in `configs["recommended-typed"]`. */
  requiresTypeChecking: boolean;
}

export type RuleOptions = [Record<string, unknown>?];
export type EslintRule = TSESLint.RuleModule<string, RuleOptions, AsyncLintRuleDocs>;
type Context = Readonly<TSESLint.RuleContext<string, RuleOptions>>;

/** Reported when a detector throws on a file: ESLint keeps linting, and the problem says what broke. */
export const INTERNAL_ERROR_MESSAGE_ID = "asyncLintInternalError";
export const NODE_ERROR_MESSAGE_ID = "asyncLintNodeError";

/**
 * One ESLint rule that reports its own slice of the engine's findings for each file. A plain rule module, not
 * typescript-eslint's RuleCreator: its create() deep-copies the default options (structuredClone) for every rule
 * on every file, which these rules do not use (they merge their options themselves, below).
 */
export function createEslintRule(rule: RuleDefinition, adapter: Adapter): EslintRule {
  const { meta } = rule;
  return {
    meta: {
      type: "problem",
      docs: {
        description: meta.description,
        recommended: meta.typeInformation !== "required",
        requiresTypeChecking: meta.typeInformation === "required",
        url: docsUrlOf(meta.id),
      },
      fixable: meta.fixable === "safe" ? "code" : undefined,
      hasSuggestions: meta.fixable !== "none",
      messages: {
        ...meta.messages,
        [INTERNAL_ERROR_MESSAGE_ID]: `async-lint could not check this file with ${meta.id} (internal error: {{message}}). Please report it.`,
        [NODE_ERROR_MESSAGE_ID]: `async-lint could not check this code with ${meta.id} (internal error: {{message}}); the rest of the file was checked. Please report it.`,
      },
      // The same JSON Schema the CLI's config validates rule options with.
      schema: [meta.optionsSchema as unknown as JSONSchema4],
    },
    create(context) {
      const filePath = lintablePath(context.filename);
      if (!filePath) return {};
      // Throws typescript-eslint's explanation of how to enable typed linting when it is off.
      if (meta.typeInformation === "required") getParserServices(context);
      // Shallow, like the CLI's config (resolveRuleSettings): a given option replaces the default whole.
      const options = { ...(meta.defaultOptions as object), ...(context.options[0] ?? {}) };
      const run = adapter.runs.join(context.sourceCode, meta.id, options);
      return {
        Program() {
          const result = run.resultFor(() => lintRequest(context, filePath, adapter.sources), adapter.lint);
          for (const finding of result.findings) if (finding.ruleId === meta.id) reportFinding(context, rule, finding);
          for (const error of result.internalErrors) {
            if (error.ruleId !== meta.id) continue;
            // A failure on one node is reported there (the rest of the file was checked); a whole-file one on line 1.
            if (error.at) context.report({ loc: { line: error.at.line, column: error.at.column - 1 }, messageId: NODE_ERROR_MESSAGE_ID, data: { message: error.message } });
            else context.report({ loc: { line: 1, column: 0 }, messageId: INTERNAL_ERROR_MESSAGE_ID, data: { message: error.message } });
          }
        },
      };
    },
  };
}

/** The files the CLI checks, by extension; others (stdin without --stdin-filename, .vue, .json...) are left alone. */
function lintablePath(filename: string): string | undefined {
  return languageOf(filename) === "typescript" ? filename : undefined;
}

function lintRequest(context: Context, filePath: string, sources: DiskSources): Omit<LintRequest, "rules"> {
  const { sourceCode } = context;
  const { text } = sourceCode;
  const parsed = parserSourceFile(sourceCode);
  if (parsed) {
    // Typed linting: the parser's program and its checker, not another program.
    const program = sourceCode.parserServices?.program as ts.Program | null | undefined;
    if (program && program.getSourceFile(parsed.fileName) === parsed) return { filePath: parsed.fileName, text, program };
    // typescript-eslint parsed the file without types: its TypeScript tree, not a second parse.
    return { filePath, text, sourceFile: parsed, sources: sources.under(context.cwd), prescan: true };
  }
  // espree (plain ESLint), another parser or another copy of TypeScript: the engine parses the text itself.
  return { filePath, text, sources: sources.under(context.cwd), prescan: true };
}

/**
 * The `ts.SourceFile` typescript-eslint's parser made of this text (its node map holds it for the Program node,
 * typed or not), when it comes from the same `typescript` module as async-lint's: a tree from another copy, maybe
 * another version, numbers its SyntaxKinds differently, so it is not used.
 */
function parserSourceFile(sourceCode: Context["sourceCode"]): ts.SourceFile | undefined {
  const node: unknown = sourceCode.parserServices?.esTreeNodeToTSNodeMap?.get(sourceCode.ast);
  if (typeof node !== "object" || node === null || Object.getPrototypeOf(node) !== ownSourceFilePrototype()) return undefined;
  const sourceFile = node as ts.SourceFile;
  return sourceFile.kind === ts.SyntaxKind.SourceFile && sourceFile.text === sourceCode.text ? sourceFile : undefined;
}

let sourceFilePrototype: object | undefined;

/** What every SourceFile this `typescript` creates inherits from (the factory's, so as not to parse anything). */
function ownSourceFilePrototype(): object {
  sourceFilePrototype ??= Object.getPrototypeOf(ts.factory.createSourceFile([], ts.factory.createToken(ts.SyntaxKind.EndOfFileToken), ts.NodeFlags.None)) as object;
  return sourceFilePrototype;
}

function reportFinding(context: Context, rule: RuleDefinition, finding: Finding): void {
  const { sourceCode } = context;
  const { fix, suggestions } = eslintFixesOf(rule, finding);
  context.report({
    // ESLint's own offset → line/column mapping, so eslint-disable-next-line and code frames agree with ESLint's
    // line count. It equals the CLI's 1-based location except after U+2028/U+2029, which only ESLint counts as line breaks.
    loc: { start: sourceCode.getLocFromIndex(finding.range.start), end: sourceCode.getLocFromIndex(finding.range.end) },
    // ESLint renders the same template with the same data into the finding's message.
    messageId: finding.messageId,
    data: finding.data,
    fix: fix ? (fixer) => editsOf(fixer, fix) : null,
    // ESLint takes a suggestion's `desc` as its text; typescript-eslint's types only know `messageId`.
    suggest: suggestions.map((suggestion) => ({ desc: plainTitle(suggestion.title), fix: (fixer: TSESLint.RuleFixer) => editsOf(fixer, suggestion) })) as unknown as TSESLint.ReportSuggestionArray<string>,
  });
}

/**
 * The first safe fix is applied by `eslint --fix`, as by `async-lint --fix`; unsafe fixes (and any other safe
 * alternatives) are suggestions an editor offers one by one. What the rule's meta does not declare is not offered.
 */
export function eslintFixesOf(rule: RuleDefinition, finding: Finding): { fix?: Fix; suggestions: Fix[] } {
  const usable = fixesOf(finding).filter((fix) => fix.edits.length > 0);
  if (rule.meta.fixable === "none") return { suggestions: [] };
  const fix = rule.meta.fixable === "safe" ? usable.find((f) => f.safety === "safe") : undefined;
  const suggestions = [...usable.filter((f) => f.safety === "unsafe"), ...usable.filter((f) => f.safety === "safe" && f !== fix)];
  return { fix, suggestions };
}

function editsOf(fixer: TSESLint.RuleFixer, fix: Fix): TSESLint.RuleFix[] {
  return fix.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text));
}
