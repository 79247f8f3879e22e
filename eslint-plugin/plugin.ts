import type { TSESLint } from "@typescript-eslint/utils";
import { DEFAULT_OVERRIDES } from "../rules/core/config";
import { lintSource } from "../rules/core/engine";
import { type ActiveSeverity, type RuleId, type Severity, toSeverity } from "../rules/core/model";
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
    /** Every rule that works without type information, at its default severity; in test files, the CLI's defaults there. */
    recommended: TSESLint.FlatConfig.ConfigArray;
    /** `recommended` plus the rules that need typed linting (parserOptions.projectService or project). */
    "recommended-typed": TSESLint.FlatConfig.ConfigArray;
  };
}

const ESLINT_SEVERITY: Record<ActiveSeverity, "error" | "warn"> = { error: "error", warning: "warn", info: "warn" };
const eslintSeverity = (severity: Severity): TSESLint.SharedConfig.RuleLevel => (severity === "off" ? "off" : ESLINT_SEVERITY[severity]);

/** The plugin over the registry: every rule with a TypeScript detector becomes an ESLint rule of the same name. */
export function createPlugin(lint: Lint = lintSource): AsyncLintPlugin {
  const adapter: Adapter = { runs: new FileRuns(), sources: new DiskSources(), lint };
  const exposed = RULES.filter((rule) => rule.detectors.typescript);
  const plugin: AsyncLintPlugin = {
    meta: { name: "async-lint", version: process.env.ASYNC_LINT_VERSION ?? "0.0.0", namespace: PLUGIN_NAMESPACE },
    rules: Object.fromEntries(exposed.map((rule) => [rule.meta.id, createEslintRule(rule, adapter)])),
    configs: {} as AsyncLintPlugin["configs"],
  };
  // The CLI's built-in overrides (test files: serial awaits and unbounded loops are fine there), as ESLint
  // configs after the base one, so that the plugin reports in a test file what `async-lint` reports there.
  const config = (name: string, rules: readonly RuleDefinition[]): TSESLint.FlatConfig.ConfigArray => [
    {
      name: `${PLUGIN_NAMESPACE}/${name}`,
      plugins: { [PLUGIN_NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
      rules: Object.fromEntries(rules.map((rule) => [`${PLUGIN_NAMESPACE}/${rule.meta.id}`, ESLINT_SEVERITY[rule.meta.defaultSeverity]])),
    },
    ...DEFAULT_OVERRIDES.map((override, index) => ({
      name: `${PLUGIN_NAMESPACE}/${name}/default-overrides-${index}`,
      files: override.files.map(eslintGlobOf),
      rules: Object.fromEntries(
        rules.flatMap((rule): [string, TSESLint.SharedConfig.RuleLevel][] => {
          const value = override.rules[rule.meta.id as RuleId];
          if (value === undefined) return [];
          const severity = toSeverity(value);
          if (severity === undefined) throw new Error(`async-lint: the built-in override of ${rule.meta.id} is not a severity`);
          return [[`${PLUGIN_NAMESPACE}/${rule.meta.id}`, eslintSeverity(severity)]];
        }),
      ),
    })),
  ];
  plugin.configs.recommended = config(
    "recommended",
    exposed.filter((rule) => rule.meta.typeInformation !== "required"),
  );
  plugin.configs["recommended-typed"] = config("recommended-typed", exposed);
  return plugin;
}

/**
 * An override glob (.gitignore syntax, relative to the config's folder) as ESLint's `files` pattern (minimatch,
 * relative to the ESLint config's folder): a name without a slash matches at any depth, `dir/` everything under it.
 */
export function eslintGlobOf(glob: string): string {
  if (glob.startsWith("!") || glob.startsWith("#")) throw new Error(`async-lint: no ESLint pattern for the override glob '${glob}'`);
  const directory = glob.endsWith("/");
  const body = directory ? glob.slice(0, -1) : glob;
  const anchored = body.includes("/");
  const pattern = anchored ? body.replace(/^\//, "") : `**/${body}`;
  return directory ? `${pattern}/**` : pattern;
}
