import noBlockingCall from "../no-blocking-call/rule";
import preferConcurrentAwaits from "../prefer-concurrent-awaits/rule";
import noUnawaitedCall from "../no-unawaited-call/rule";
import requireConcurrencyLimit from "../require-concurrency-limit/rule";
import preferRunningLoop from "../prefer-running-loop/rule";
import requireTimeout from "../require-timeout/rule";
import type { RuleId } from "./model";
import type { RuleDefinition } from "./rule";

/** Every rule, in the order the docs list them. Registering a rule is one line here. */
export const RULES: readonly RuleDefinition[] = [noBlockingCall, preferConcurrentAwaits, noUnawaitedCall, requireConcurrencyLimit, requireTimeout, preferRunningLoop];

const DOCS_BASE = "https://github.com/async-lint/async-lint/blob/main/rules";

export function docsUrlOf(ruleId: RuleId): string {
  return `${DOCS_BASE}/${ruleId}/README.md`;
}

export function ruleById(ruleId: string): RuleDefinition | undefined {
  return RULES.find((rule) => rule.meta.id === ruleId);
}
