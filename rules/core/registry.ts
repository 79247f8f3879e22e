// The one place a rule is registered: its import and its entry in REGISTERED, in the order the docs list the
// rules. `npm run new-rule <id>` adds both. Rule ids (the `RuleId` type and `RULE_IDS`) are derived from here.
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
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

// Each rule's docs page (rules/<id>/README.md) ships in the npm package and the .vsix, so links to it work offline
// and name no web site: there is no public docs site to point at.
let packageRoot: string | undefined;

/** The installed package (or the repository): the folder above dist/ for a bundle, above rules/core/ from source. */
function packageRootDir(): string {
  if (packageRoot === undefined) {
    const candidates = [path.resolve(__dirname, ".."), path.resolve(__dirname, "../..")];
    packageRoot = candidates.find((dir) => fs.existsSync(path.join(dir, "package.json"))) ?? candidates[0];
  }
  return packageRoot;
}

/** The path of the rule's bundled docs page. */
export function docsPathOf(ruleId: RuleId): string {
  return path.join(packageRootDir(), "rules", ruleId, "README.md");
}

const docsUrls = new Map<RuleId, string>();

/** The file:// URL of the rule's bundled docs page (every finding carries one: built once per rule). */
export function docsUrlOf(ruleId: RuleId): string {
  let url = docsUrls.get(ruleId);
  if (url === undefined) docsUrls.set(ruleId, (url = pathToFileURL(docsPathOf(ruleId)).href));
  return url;
}

export function ruleById(ruleId: string): RuleDefinition | undefined {
  return RULES.find((rule) => rule.meta.id === ruleId);
}
