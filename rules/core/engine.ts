import type ts from "typescript";
import { lintPythonFile } from "../lang/python/linter";
import { lintTypeScriptFile } from "../lang/typescript/linter";
import { isTypeScriptFamilyFile } from "../lang/typescript/parse";
import type { TypeQuestions } from "../lang/typescript/type-questions";
import type { ProjectSources } from "./sources";
import {
  type ActiveSeverity,
  type Finding,
  formatMessage,
  type Language,
  type ReportDescriptor,
  type RuleId,
  SEVERITY_RANK,
  type Severity,
} from "./model";
import { docsUrlOf, RULES } from "./registry";
import type { RuleDefinition } from "./rule";
import { prescanTexts } from "./prescan";
import { applySuppressions, parseDirectives, type SourceComment } from "./suppressions";
import { LineIndex } from "./text";

export interface RuleSetting {
  severity: Severity;
  options: unknown;
}

export type RuleSettings = ReadonlyMap<RuleId, RuleSetting>;

export interface LintRequest {
  filePath: string;
  text: string;
  rules: RuleSettings;
  /** Typed mode for TypeScript/JavaScript. */
  program?: ts.Program;
  /** Typed mode through another engine than a TypeScript 6 program (TypeScript 7, --engine ts7), for this text. */
  typeQuestions?: TypeQuestions;
  reportUnusedDirectives?: ActiveSeverity | "off";
  /** Other files of the lint set (syntax mode and Python follow relative imports into them). */
  sources?: ProjectSources;
  /**
   * Run only the rules that, by their pre-scans, may report something in the text, and skip the parse when none
   * may (syntax mode only). The result is then the same, only faster; hosts that lint many files turn it on.
   */
  prescan?: boolean;
  /** A parse of exactly `text` that the host already has (syntax mode), reused instead of parsing again. */
  sourceFile?: ts.SourceFile;
  /**
   * Asked between the nodes of the walk: once it returns true, the lint stops by throwing `LintCancelled` (an editor
   * whose document changed while a long typed check of the old text ran).
   */
  isCancelled?: () => boolean;
}

/**
 * A rule's failure. With `at`, the rule failed on one node (or several: `failedNodes`), which lost only its own
 * findings: the rest of the file was analysed, by that rule too. Without `at`, the rule failed for the whole file.
 */
export interface InternalError {
  ruleId: RuleId;
  message: string;
  stack?: string;
  /** Where the rule first failed on a node. */
  at?: { line: number; column: number };
  /** How many nodes the rule failed on (with `at`). */
  failedNodes?: number;
}

export interface LintResult {
  filePath: string;
  text: string;
  language: Language;
  typed: boolean;
  findings: Finding[];
  internalErrors: InternalError[];
  /** Why the file could not be analysed at all (no findings then), e.g. code nested too deeply for the parser. */
  notAnalyzed?: string;
}

export function languageOf(filePath: string): Language | undefined {
  if (isTypeScriptFamilyFile(filePath)) return "typescript";
  // Stubs (.pyi) hold no code that runs, so they are not linted.
  if (filePath.endsWith(".py")) return "python";
  return undefined;
}

/** Lints one file's text. Never throws for a rule's failure: it is recorded in `internalErrors`. */
export function lintSource(request: LintRequest): LintResult {
  const language = languageOf(request.filePath);
  if (!language) throw new Error(`Not a file async-lint can check: ${request.filePath}`);
  // A rule whose pre-scan finds nothing for it in the text cannot report there: it does not run; with none left,
  // the file is not even parsed.
  const scanned = request.prescan && !request.program && !request.typeQuestions ? prescanTexts(language, request.text) : undefined;
  const prescanned = scanned !== undefined;
  const active = RULES.filter((rule) => {
    const setting = request.rules.get(rule.meta.id);
    if (!setting || setting.severity === "off" || !rule.meta.languages.includes(language)) return false;
    return !scanned || prescanAllows(rule, language, scanned, setting.options);
  });
  if (prescanned && active.length === 0) {
    return { filePath: request.filePath, text: request.text, language, typed: false, findings: [], internalErrors: [] };
  }
  const lines = new LineIndex(request.text);
  // Related locations in other files: one index per other file's text, however many findings point there.
  const otherFiles = new Map<string, LineIndex>();
  const linesOf = (text: string) => {
    let index = otherFiles.get(text);
    if (!index) otherFiles.set(text, (index = new LineIndex(text)));
    return index;
  };
  const findings: Finding[] = [];
  const internalErrors: InternalError[] = [];
  const runs = active.map((rule) => {
    const setting = request.rules.get(rule.meta.id)!;
    return {
      rule,
      options: setting.options,
      report: (descriptor: ReportDescriptor<string>) => findings.push(toFinding(rule, setting.severity as ActiveSeverity, descriptor, lines, linesOf)),
    };
  });
  const onRuleError = (rule: RuleDefinition, error: unknown, offset?: number) => {
    if (offset !== undefined) {
      // One entry per rule for its node failures: the first says where and why, the count says how often.
      const earlier = internalErrors.find((e) => e.ruleId === rule.meta.id && e.at);
      if (earlier) {
        earlier.failedNodes = (earlier.failedNodes ?? 1) + 1;
        return;
      }
    }
    internalErrors.push({
      ruleId: rule.meta.id,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
      ...(offset !== undefined ? { at: lines.position(offset), failedNodes: 1 } : {}),
    });
  };

  let comments: SourceComment[] = [];
  let typed = false;
  try {
    ({ comments, typed } = lintWithFrontEnd(language, request, runs, onRuleError));
  } catch (error) {
    // The TypeScript parser recurses per nesting level and runs out of stack around a thousand levels (generated
    // or garbage input). That is this file's problem, not a failure of the run: the file is reported as not analysed.
    if (!(error instanceof RangeError && /call stack/i.test(error.message))) throw error;
    return { filePath: request.filePath, text: request.text, language, typed: false, findings: [], internalErrors, notAnalyzed: "nested too deeply to parse (the parser ran out of stack space)" };
  }

  // `# noqa` comments are Ruff/flake8 suppressions; honouring them is a Python-only compatibility.
  const directives = parseDirectives(comments, lines, { noqa: language === "python" });
  const kept = applySuppressions(findings, directives, { lines, reportUnusedDirectives: request.reportUnusedDirectives ?? "off" });
  kept.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || (a.ruleId ?? "").localeCompare(b.ruleId ?? ""));
  return { filePath: request.filePath, text: request.text, language, typed, findings: kept, internalErrors };
}

function lintWithFrontEnd(
  language: Language,
  request: LintRequest,
  runs: { rule: RuleDefinition; options: unknown; report: (descriptor: ReportDescriptor<string>) => void }[],
  onRuleError: (rule: RuleDefinition, error: unknown, offset?: number) => void,
): { comments: SourceComment[]; typed: boolean } {
  let comments: SourceComment[] = [];
  let typed = false;
  if (language === "typescript") {
    const output = lintTypeScriptFile({
      filePath: request.filePath,
      text: request.text,
      program: request.program,
      typeQuestions: request.typeQuestions,
      sourceFile: request.sourceFile,
      rules: runs,
      sources: request.sources,
      onRuleError,
      isCancelled: request.isCancelled,
    });
    comments = output.comments;
    typed = output.typed;
  } else {
    // Throws PythonNotInitializedError until the host has awaited initPython().
    comments = lintPythonFile({ filePath: request.filePath, text: request.text, rules: runs, sources: request.sources, onRuleError, isCancelled: request.isCancelled }).comments;
  }
  return { comments, typed };
}

/** True when every active rule's pre-scan says the text holds nothing for it (see core/prescan.ts). */
export function prescanSkips(language: Language, request: Pick<LintRequest, "text" | "rules">): boolean {
  const scanned = prescanTexts(language, request.text);
  if (!scanned) return false;
  for (const rule of RULES) {
    const setting = request.rules.get(rule.meta.id);
    if (!setting || setting.severity === "off" || !rule.meta.languages.includes(language)) continue;
    if (prescanAllows(rule, language, scanned, setting.options)) return false;
  }
  return true;
}

/** Whether the rule's pre-scan (if it has one) says one of the texts may hold something it reports. */
function prescanAllows(rule: RuleDefinition, language: Language, texts: readonly string[], options: unknown): boolean {
  const mayReport = rule.meta.prescan?.[language];
  return !mayReport || texts.some((text) => mayReport(text, options));
}

function toFinding(rule: RuleDefinition, configured: ActiveSeverity, descriptor: ReportDescriptor<string>, lines: LineIndex, linesOf: (text: string) => LineIndex): Finding {
  const severity = descriptor.severity && SEVERITY_RANK[descriptor.severity] < SEVERITY_RANK[configured] ? descriptor.severity : configured;
  const template = rule.meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`Rule ${rule.meta.id} reported unknown message id '${descriptor.messageId}'.`);
  return {
    ruleId: rule.meta.id,
    messageId: descriptor.messageId,
    message: formatMessage(template, descriptor.data),
    ...(descriptor.data ? { data: descriptor.data } : {}),
    severity,
    range: descriptor.range,
    location: lines.location(descriptor.range),
    related: (descriptor.related ?? []).map((related) => ({
      filePath: related.filePath,
      range: related.range,
      location: (related.text !== undefined ? linesOf(related.text) : lines).location(related.range),
      message: related.message,
    })),
    // Built later, only if a host asks (fixesOf).
    fixes: descriptor.fixes ? { build: descriptor.fixes, maySafelyFix: descriptor.maySafelyFix ?? false } : [],
    docsUrl: docsUrlOf(rule.meta.id),
  };
}
