// The rule model shared by every rule, language front end and output (CLI, server, ESLint plugin).
// Offsets are UTF-16 code unit offsets into the file text, as both TypeScript and LSP count them.

export const RULE_IDS = [
  "no-blocking-call",
  "prefer-concurrent-awaits",
  "require-timeout",
  "no-unawaited-call",
  "require-concurrency-limit",
  "prefer-running-loop",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

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

/**
 * Builds a finding's fixes. A rule reports its finding with one, and the fixes are built only when a host asks
 * for them (--fix, --fix-dry-run, JSON and SARIF output, code actions, the ESLint plugin): a finding that is
 * only shown costs nothing more (Biome's split of a rule's `run` and `action`).
 */
export type FixProducer = () => Fix[];

/** A finding's fixes before they are built: the rule's producer, and whether it may build a safe fix. */
export interface PendingFixes {
  build: FixProducer;
  /** False: every fix it builds is a suggestion, so counting fixable findings need not build them. */
  maySafelyFix: boolean;
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
  /** What the message template was rendered with (the ESLint plugin reports the message id with it). */
  data?: MessageData;
  severity: ActiveSeverity;
  range: TextRange;
  location: Location;
  related: RelatedLocation[];
  /**
   * Read with `fixesOf` (rules/core/fixes.ts), which builds them once. Pending until then; built arrays are what
   * crosses a thread or the cache (`settleFixes`), and what findings made elsewhere (directive problems, merged
   * reports) hold from the start.
   */
  fixes: Fix[] | PendingFixes;
  docsUrl?: string;
}

export type MessageData = Record<string, string | number>;

/** JSON Schema fragment for a rule's options (draft-07, validated with ajv). */
export type JsonSchema = Record<string, unknown>;

export interface RuleMeta<MessageId extends string = string, Options = unknown> {
  id: RuleId;
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
  data?: MessageData;
  related?: { range: TextRange; message: string; filePath?: string; text?: string }[];
  /** Builds the finding's fixes, only when a host asks (see FixProducer). */
  fixes?: FixProducer;
  /**
   * Whether `fixes` may build a safe fix, said without building it: "N problems potentially fixable with --fix"
   * builds only these findings' fixes. Fixture suites check that no finding without it gets a safe fix.
   */
  maySafelyFix?: boolean;
  /** Lowers (never raises) the configured severity, e.g. when a finding is only likely. */
  severity?: ActiveSeverity;
}

export function formatMessage(template: string, data: MessageData | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole,
  );
}
