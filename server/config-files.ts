// The config files the CLI reads (async-lint.json, nearest one up the folders), re-read when a watched one changes.
import { ConfigError, ConfigResolver, forgetProjectRoots, resolveRuleSettings } from "../rules/core/config";
import type { RuleSettings } from "../rules/core/engine";
import type { RuleId, Severity } from "../rules/core/model";

/** File names whose change means "re-resolve every document's config". */
export const CONFIG_FILE_NAMES = ["async-lint.json", "pyproject.toml"] as const;

export type RuleSettingsLookup = { kind: "ok"; rules: RuleSettings; configPath?: string } | { kind: "error"; error: ConfigError };

export class ConfigFiles {
  private resolver = new ConfigResolver();

  /**
   * Rule settings for a file: rule defaults, then its config file, then the editor's `asyncLint.rules`.
   * `filePath` undefined (untitled, virtual documents): no config file applies.
   */
  ruleSettingsFor(filePath: string | undefined, overrides: Partial<Record<RuleId, Severity>>): RuleSettingsLookup {
    try {
      const config = filePath ? this.resolver.configFor(filePath) : undefined;
      return { kind: "ok", rules: resolveRuleSettings(config, overrides, filePath), configPath: config?.path };
    } catch (error) {
      if (error instanceof ConfigError) return { kind: "error", error };
      throw error;
    }
  }

  /** A config file was created, changed or deleted: forget every cached lookup. */
  changed(): void {
    this.resolver = new ConfigResolver();
    forgetProjectRoots();
  }
}
