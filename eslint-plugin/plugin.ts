import type { TSESLint } from "@typescript-eslint/utils";
import { lintSource } from "../rules/core/engine";
import type { ActiveSeverity } from "../rules/core/model";
import { RULES } from "../rules/core/registry";
import type { RuleDefinition } from "../rules/core/rule";
import { FileRuns, type Lint } from "./file-runs";
import { type Adapter, createEslintRule, type EslintRule } from "./rule";
import { DiskSources } from "./sources";

export const PLUGIN_NAMESPACE = "async-lint";

export interface AsyncLintPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, EslintRule>;
  configs: {
    /** Every rule that works without type information, at its default severity. */
    recommended: TSESLint.FlatConfig.Config;
    /** `recommended` plus the rules that need typed linting (parserOptions.projectService or project). */
    "recommended-typed": TSESLint.FlatConfig.Config;
  };
}

const ESLINT_SEVERITY: Record<ActiveSeverity, "error" | "warn"> = { error: "error", warning: "warn", info: "warn" };

/** The plugin over the registry: every rule with a TypeScript detector becomes an ESLint rule of the same name. */
export function createPlugin(lint: Lint = lintSource): AsyncLintPlugin {
  const adapter: Adapter = { runs: new FileRuns(), sources: new DiskSources(), lint };
  const exposed = RULES.filter((rule) => rule.detectors.typescript);
  const plugin: AsyncLintPlugin = {
    meta: { name: "async-lint", version: process.env.ASYNC_LINT_VERSION ?? "0.0.0", namespace: PLUGIN_NAMESPACE },
    rules: Object.fromEntries(exposed.map((rule) => [rule.meta.id, createEslintRule(rule, adapter)])),
    configs: {} as AsyncLintPlugin["configs"],
  };
  const config = (name: string, rules: readonly RuleDefinition[]): TSESLint.FlatConfig.Config => ({
    name: `${PLUGIN_NAMESPACE}/${name}`,
    plugins: { [PLUGIN_NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: Object.fromEntries(rules.map((rule) => [`${PLUGIN_NAMESPACE}/${rule.meta.id}`, ESLINT_SEVERITY[rule.meta.defaultSeverity]])),
  });
  plugin.configs.recommended = config(
    "recommended",
    exposed.filter((rule) => rule.meta.typeInformation !== "required"),
  );
  plugin.configs["recommended-typed"] = config("recommended-typed", exposed);
  return plugin;
}
