// The one place a rule is registered: its import and its entry in REGISTERED, in the order the docs list the
// rules. `npm run new-rule <id>` adds both. Rule ids (the `RuleId` type and `RULE_IDS`) are derived from here.
import noBlockingCall from "../no-blocking-call/rule";
import preferConcurrentAwaits from "../prefer-concurrent-awaits/rule";
import noUnawaitedCall from "../no-unawaited-call/rule";
import requireConcurrencyLimit from "../require-concurrency-limit/rule";
import requireTimeout from "../require-timeout/rule";
import preferRunningLoop from "../prefer-running-loop/rule";
import noMisusedAsync from "../no-misused-async/rule";
import type { RuleId } from "./model";
import type { RuleDefinition } from "./rule";

const REGISTERED = [
  noBlockingCall,
  preferConcurrentAwaits,
  noUnawaitedCall,
  requireConcurrencyLimit,
  requireTimeout,
  preferRunningLoop,
  noMisusedAsync,
] as const;

declare module "./model" {
  interface RegisteredRules {
    ids: (typeof REGISTERED)[number]["meta"]["id"];
  }
}

/** Every rule, in the order the docs list them. */
export const RULES: readonly RuleDefinition[] = REGISTERED;

/** Every rule id, in the order of RULES. */
export const RULE_IDS: readonly RuleId[] = RULES.map((rule) => rule.meta.id);

const DOCS_BASE = "https://github.com/async-lint/async-lint/blob/main/rules";

export function docsUrlOf(ruleId: RuleId): string {
  return `${DOCS_BASE}/${ruleId}/README.md`;
}

export function ruleById(ruleId: string): RuleDefinition | undefined {
  return RULES.find((rule) => rule.meta.id === ruleId);
}
