// The config files the CLI reads (async-lint.json, nearest one up the folders), the bulk suppressions file
// (async-lint-suppressions.json, nearest one up) and the ignore rules (.gitignore, `ignores`), re-read when a
// watched one changes.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseSuppressions, SUPPRESSIONS_FILE_NAME, type SuppressionCounts, suppressionKey } from "../rules/core/bulk-suppressions";
import { ConfigError, ConfigResolver, forgetProjectRoots, resolveRuleSettings } from "../rules/core/config";
import type { RuleSettings } from "../rules/core/engine";
import type { RuleId, Severity } from "../rules/core/model";
import { ignoredReason } from "../cli/ignores";
import { isOutside } from "../cli/log";

/** File names whose change means "re-resolve every document's config". */
export const CONFIG_FILE_NAMES = ["async-lint.json", "pyproject.toml", SUPPRESSIONS_FILE_NAME, ".gitignore"] as const;

export type RuleSettingsLookup = { kind: "ok"; rules: RuleSettings; configPath?: string } | { kind: "error"; error: ConfigError };

export class ConfigFiles {
  private resolver = new ConfigResolver();
  /** Folder → the suppressions file that applies there (its path and counts), or null for none. */
  private suppressionsByDir = new Map<string, { path: string; counts: SuppressionCounts } | null>();
  /** File → why the CLI would not lint it (null: it would). */
  private ignoredByFile = new Map<string, string | null>();

  constructor(
    private readonly onBadSuppressions: (error: ConfigError) => void = () => {},
    private readonly workspaceFolders: () => readonly string[] = () => [],
  ) {}

  /**
   * Why the CLI, run from the file's workspace folder, would skip the file (.gitignore, `ignores`, node_modules), or
   * undefined. The same decision as the CLI's discovery, so the editor shows no finding a CI run would not.
   */
  ignoredReason(filePath: string): string | undefined {
    let reason = this.ignoredByFile.get(filePath);
    if (reason === undefined) {
      const folder = this.workspaceFolders().find((dir) => !isOutside(path.relative(dir, filePath))) ?? path.dirname(filePath);
      try {
        reason = ignoredReason(filePath, folder, this.resolver) ?? null;
      } catch (error) {
        // A broken config up the folders: reported when the file's rule settings are looked up, not here.
        if (!(error instanceof ConfigError)) throw error;
        reason = null;
      }
      this.ignoredByFile.set(filePath, reason);
    }
    return reason ?? undefined;
  }

  /** The recorded counts per rule for a file, from the nearest async-lint-suppressions.json up its folders. */
  suppressionsFor(filePath: string | undefined): ReadonlyMap<string, number> | undefined {
    if (!filePath) return undefined;
    const found = this.suppressionsIn(path.dirname(filePath));
    return found ? found.counts.get(suppressionKey(filePath, path.dirname(found.path))) : undefined;
  }

  private suppressionsIn(dir: string): { path: string; counts: SuppressionCounts } | null {
    const cached = this.suppressionsByDir.get(dir);
    if (cached !== undefined) return cached;
    const candidate = path.join(dir, SUPPRESSIONS_FILE_NAME);
    let found: { path: string; counts: SuppressionCounts } | null;
    if (fs.existsSync(candidate)) {
      try {
        found = { path: candidate, counts: parseSuppressions(candidate, fs.readFileSync(candidate, "utf8")) };
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        this.onBadSuppressions(error);
        found = null;
      }
    } else {
      const parent = path.dirname(dir);
      found = parent === dir ? null : this.suppressionsIn(parent);
    }
    this.suppressionsByDir.set(dir, found);
    return found;
  }

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
    this.suppressionsByDir = new Map();
    this.ignoredByFile = new Map();
    forgetProjectRoots();
  }
}
