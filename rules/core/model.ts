// The rule model shared by every rule, language front end and output (CLI, server, ESLint plugin).
// Offsets are UTF-16 code unit offsets into the file text, as both TypeScript and LSP count them.

/**
 * The ids of the registered rules. registry.ts, the one place a rule is registered, fills this in by declaration
 * merging (`ids: "no-blocking-call" | ...`, from its list), so this module, which every rule imports, imports no
 * rule back. The runtime list is `RULE_IDS` in registry.ts.
 */
export interface RegisteredRules {}
export type RuleId = RegisteredRules extends { ids: infer Id extends string } ? Id : never;

export type Severity = "off" | "info" | "warning" | "error";
export type ActiveSeverity = Exclude<Severity, "off">;
export const SEVERITIES: readonly Severity[] = ["off", "info", "warning", "error"];
export const SEVERITY_RANK: Record<Severity, number> = { off: 0, info: 1, warning: 2, error: 3 };

export type Language = "typescript" | "python";

export interface TextRange {
  start: number;
  end: number;
}

export interface TextEdit extends TextRange {
  text: string;
}

/** A safe fix only changes what the finding is about; an unsafe one (a suggestion) may change timing, ordering or types. */
export type FixSafety = "safe" | "unsafe";

export interface Fix {
  title: string;
  edits: TextEdit[];
  safety: FixSafety;
  /** The fix an editor should offer first. */
  isPreferred?: boolean;
}

/** 1-based line and column, end exclusive, as ESLint reports them. */
export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface RelatedLocation {
  /** Absolute path; absent means the finding's own file. */
  filePath?: string;
  range: TextRange;
  location: Location;
  message: string;
}

export interface Finding {
  /** `null` for problems with suppression directives themselves. */
  ruleId: RuleId | null;
  messageId: string;
  message: string;
  severity: ActiveSeverity;
  range: TextRange;
  location: Location;
  related: RelatedLocation[];
  fixes: Fix[];
  docsUrl?: string;
}

/** JSON Schema fragment for a rule's options (draft-07, validated with ajv). */
export type JsonSchema = Record<string, unknown>;

/** `Id` is the rule's id as a literal type (`RuleMeta<M, O, "my-rule">`): the registry derives `RuleId` from it. */
export interface RuleMeta<MessageId extends string = string, Options = unknown, Id extends string = RuleId> {
  id: Id;
  /** One line: what the rule flags. */
  description: string;
  /** One or two sentences: why it matters. */
  why: string;
  defaultSeverity: ActiveSeverity;
  languages: Language[];
  /** "optional": works on syntax alone, type information removes ambiguity. */
  typeInformation: "none" | "optional" | "required";
  fixable: "safe" | "suggestion" | "none";
  /** Message templates; `{{name}}` is replaced from the report's data. */
  messages: Record<MessageId, string>;
  optionsSchema: JsonSchema;
  defaultOptions: Options;
  /**
   * Pre-scan (rules/core/prescan.ts), per language: whether a file's text may hold anything the rule reports in
   * syntax mode. `false` lets a host skip parsing when no other active rule needs the file; absent: always run.
   */
  prescan?: Partial<Record<Language, (text: string, options: Options) => boolean>>;
}

export interface ReportDescriptor<MessageId extends string> {
  range: TextRange;
  messageId: MessageId;
  data?: Record<string, string | number>;
  related?: { range: TextRange; message: string; filePath?: string; text?: string }[];
  fixes?: Fix[];
  /** Lowers (never raises) the configured severity, e.g. when a finding is only likely. */
  severity?: ActiveSeverity;
}

export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole,
  );
}
