import type { LintRequest, LintResult, RuleSetting, RuleSettings } from "../rules/core/engine";
import type { RuleId } from "../rules/core/model";
import { RULES } from "../rules/core/registry";

export type Lint = (request: LintRequest) => LintResult;

/**
 * The async-lint rules ESLint runs on one file in one pass. ESLint creates every enabled rule before it
 * visits the first node, so when the first `Program` listener asks for the result, every rule has joined
 * and one engine run (one parse or none, one walk, one suppression pass) serves them all.
 */
export class FileRun {
  private readonly options = new Map<RuleId, unknown>();
  private result?: LintResult;

  get started(): boolean {
    return this.result !== undefined;
  }

  has(ruleId: RuleId): boolean {
    return this.options.has(ruleId);
  }

  add(ruleId: RuleId, options: unknown): void {
    this.options.set(ruleId, options);
  }

  /** Lints on the first call; `request` is only built then (typed mode looks up the program once). */
  resultFor(request: () => Omit<LintRequest, "rules">, lint: Lint): LintResult {
    this.result ??= lint({ ...request(), rules: this.settings() });
    return this.result;
  }

  private settings(): RuleSettings {
    // ESLint decides the severity shown; the engine only needs to know which rules run, with what options.
    return new Map<RuleId, RuleSetting>(
      RULES.map((rule) => [
        rule.meta.id,
        this.options.has(rule.meta.id)
          ? { severity: rule.meta.defaultSeverity, options: this.options.get(rule.meta.id) }
          : { severity: "off", options: rule.meta.defaultOptions },
      ]),
    );
  }
}

/** The current run of each file, keyed by ESLint's SourceCode object (one per file text and pass). */
export class FileRuns {
  private readonly runs = new WeakMap<object, FileRun>();

  join(sourceCode: object, ruleId: RuleId, options: unknown): FileRun {
    let run = this.runs.get(sourceCode);
    // A run that has linted belongs to an earlier pass: Linter.verify accepts the same SourceCode again, maybe with other rules.
    if (!run || run.started) {
      run = new FileRun();
      this.runs.set(sourceCode, run);
    }
    if (run.has(ruleId)) {
      // The plugin is registered under two names with the rule on in both: this copy lints with its own options.
      const alone = new FileRun();
      alone.add(ruleId, options);
      return alone;
    }
    run.add(ruleId, options);
    return run;
  }
}
