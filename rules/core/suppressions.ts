import { NOQA_CODE_RULES } from "../knowledge/python-noqa";
import { type ActiveSeverity, type Finding, type RuleId, type TextRange } from "./model";
import { RULE_IDS } from "./registry";
import type { LineIndex } from "./text";

/** A comment as a language front end hands it over: its text without the comment markers. */
export interface SourceComment {
  body: string;
  range: TextRange;
}

export type DirectiveKind = "disable-next-line" | "disable-line" | "disable" | "enable";

export interface Directive {
  kind: DirectiveKind;
  /** Rules named by the directive; empty means every rule. */
  rules: string[];
  /** Where each rule name stands, for reporting unknown or unused names precisely. */
  ruleRanges: TextRange[];
  range: TextRange;
  /** 0-based line of the comment's start and end. */
  line: number;
  endLine: number;
  /** Text after ` -- `, if any. */
  reason?: string;
  /** Another tool's directive honoured for compatibility (`# noqa`); never reported as unknown or unused. */
  compat?: "noqa";
}

const DIRECTIVE = /^\s*async-lint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([\s\S]*)$/;
const KNOWN = new Set<string>(RULE_IDS);

export interface DirectiveOptions {
  /** Also honour Ruff/flake8 `# noqa` comments (Python). */
  noqa?: boolean;
}

export function parseDirectives(comments: readonly SourceComment[], lines: LineIndex, options: DirectiveOptions = {}): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    if (options.noqa && NOQA.test(comment.body)) {
      const noqa = noqaDirective(comment, lines);
      if (noqa) directives.push(noqa);
      continue;
    }
    const match = DIRECTIVE.exec(comment.body);
    if (!match) continue;
    const [, kind, rest] = match;
    const reasonAt = rest.search(/\s--(\s|$)/);
    const ruleText = reasonAt >= 0 ? rest.slice(0, reasonAt) : rest;
    const reason = reasonAt >= 0 ? rest.slice(reasonAt).replace(/^\s--\s*/, "").trim() : undefined;
    // The rule list starts right after the keyword; find where in the file it is.
    const bodyStartInText = comment.range.start + findBodyOffset(lines.text, comment);
    const restStart = bodyStartInText + match[0].length - rest.length;
    const rules: string[] = [];
    const ruleRanges: TextRange[] = [];
    const namePattern = /[^\s,]+/g;
    for (let m = namePattern.exec(ruleText); m; m = namePattern.exec(ruleText)) {
      rules.push(m[0]);
      ruleRanges.push({ start: restStart + m.index, end: restStart + m.index + m[0].length });
    }
    directives.push({
      kind: kind as DirectiveKind,
      rules,
      ruleRanges,
      range: comment.range,
      line: lines.lineOf(comment.range.start),
      endLine: lines.lineOf(comment.range.end),
      reason: reason || undefined,
    });
  }
  return directives;
}

// `# noqa`, `#noqa: ASYNC251`, `# NOQA: E501, RUF006` (Ruff's and flake8's syntax: codes are upper-case letters and digits).
const NOQA = /^\s*noqa(?=$|[\s:])/i;
const NOQA_CODES = /^\s*[nN][oO][qQ][aA]\s*:\s*([A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)/;

/**
 * A bare `# noqa` suppresses every rule on its line; `# noqa: CODES` the rules the codes map to
 * (knowledge/python-noqa.ts), none when it names only other tools' codes or no valid code.
 */
function noqaDirective(comment: SourceComment, lines: LineIndex): Directive | undefined {
  const line = lines.lineOf(comment.range.start);
  const base = { kind: "disable-line" as const, ruleRanges: [], range: comment.range, line, endLine: line, compat: "noqa" as const };
  const afterKeyword = comment.body.replace(NOQA, "");
  if (!afterKeyword.trimStart().startsWith(":")) return { ...base, rules: [] };
  const codes = NOQA_CODES.exec(comment.body);
  if (!codes) return undefined;
  const rules = [...new Set(codes[1].split(/[,\s]+/).flatMap((code) => NOQA_CODE_RULES[code] ?? []))];
  return rules.length > 0 ? { ...base, rules } : undefined;
}

function findBodyOffset(text: string, comment: SourceComment): number {
  const raw = text.slice(comment.range.start, comment.range.end);
  const at = raw.indexOf(comment.body);
  return at >= 0 ? at : 0;
}

export interface SuppressionOptions {
  /** Severity for directives that suppress nothing; "off" to not report them. */
  reportUnusedDirectives: ActiveSeverity | "off";
  lines: LineIndex;
}

interface Use {
  directive: Directive;
  usedRules: Set<string>;
  usedAny: boolean;
}

/** Drops suppressed findings and reports directive problems (unknown rule names, unused directives). */
export function applySuppressions(findings: Finding[], directives: readonly Directive[], options: SuppressionOptions): Finding[] {
  if (directives.length === 0) return findings;
  const uses: Use[] = directives.map((directive) => ({ directive, usedRules: new Set(), usedAny: false }));
  const kept: Finding[] = [];
  for (const finding of findings) {
    const use = suppressorOf(finding, uses);
    if (use) {
      use.usedAny = true;
      if (finding.ruleId) use.usedRules.add(finding.ruleId);
    } else {
      kept.push(finding);
    }
  }
  for (const use of uses) kept.push(...directiveProblems(use, options));
  return kept;
}

function names(directive: Directive, ruleId: RuleId | null): boolean {
  return directive.rules.length === 0 || (ruleId !== null && directive.rules.includes(ruleId));
}

function suppressorOf(finding: Finding, uses: Use[]): Use | undefined {
  const line = finding.location.line - 1;
  // Block directives: the last disable/enable before the finding that names its rule decides.
  let blockState: Use | undefined;
  for (const use of uses) {
    const d = use.directive;
    if (d.kind === "disable-next-line" && d.endLine + 1 === line && names(d, finding.ruleId)) return use;
    if (d.kind === "disable-line" && d.line <= line && line <= d.endLine && names(d, finding.ruleId)) return use;
  }
  for (const use of uses) {
    const d = use.directive;
    if ((d.kind === "disable" || d.kind === "enable") && d.range.start <= finding.range.start && names(d, finding.ruleId)) {
      blockState = d.kind === "disable" ? use : undefined;
    }
  }
  return blockState;
}

function directiveProblems(use: Use, options: SuppressionOptions): Finding[] {
  const { directive } = use;
  if (directive.compat) return [];
  const problems: Finding[] = [];
  const problem = (range: TextRange, messageId: string, message: string, severity: ActiveSeverity): Finding => ({
    ruleId: null,
    messageId,
    message,
    severity,
    range,
    location: options.lines.location(range),
    related: [],
    fixes: [],
  });
  directive.rules.forEach((rule, index) => {
    if (!KNOWN.has(rule)) {
      problems.push(problem(directive.ruleRanges[index], "unknownRule", `Unknown rule '${rule}' in async-lint directive.`, "warning"));
    }
  });
  if (directive.kind === "enable" || options.reportUnusedDirectives === "off") return problems;
  const severity = options.reportUnusedDirectives;
  if (directive.rules.length === 0) {
    if (!use.usedAny) problems.push(problem(directive.range, "unusedDirective", "Unused async-lint-" + directive.kind + " directive (no problems were reported).", severity));
  } else {
    directive.rules.forEach((rule, index) => {
      if (KNOWN.has(rule) && !use.usedRules.has(rule)) {
        problems.push(
          problem(directive.ruleRanges[index], "unusedDirective", `Unused async-lint-${directive.kind} directive (no problems were reported from '${rule}').`, severity),
        );
      }
    });
  }
  return problems;
}
