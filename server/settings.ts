// `asyncLint.*` editor settings: fetched per resource (multi-root folders may differ), cached, refreshed on change.
import type { Connection } from "vscode-languageserver";
import { type RuleId, type Severity, toSeverity } from "../rules/core/model";
import { RULE_IDS } from "../rules/core/registry";
import type { Logger } from "./log";
import { type RunMode, SETTINGS_SECTION, type TypedEngine, type TypedMode } from "./protocol";

export interface Settings {
  enable: boolean;
  run: RunMode;
  typed: TypedMode;
  /** The compiler answering typed mode's questions (one per server: the last value read applies). */
  engine: TypedEngine;
  /** Severity overrides, applied over the config file. */
  rules: Partial<Record<RuleId, Severity>>;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({ enable: true, run: "onType", typed: "auto", engine: "ts6", rules: {} });

const KNOWN_RULES = new Set<string>(RULE_IDS);

/** Settings as the editor sent them, checked field by field: a bad value falls back to its default, with a log line. */
export function normalizeSettings(raw: unknown, log: Logger): Settings {
  if (raw === null || typeof raw !== "object") return DEFAULT_SETTINGS;
  const value = raw as Record<string, unknown>;
  const pick = <T>(key: string, valid: (v: unknown) => v is T, fallback: T): T => {
    const v = value[key];
    if (v === undefined || v === null) return fallback;
    if (valid(v)) return v;
    log.once(`setting:${key}:${JSON.stringify(v)}`, `Ignoring setting ${SETTINGS_SECTION}.${key}: ${JSON.stringify(v)} is not a valid value.`);
    return fallback;
  };
  const rules: Partial<Record<RuleId, Severity>> = {};
  const rawRules = value.rules;
  if (rawRules && typeof rawRules === "object") {
    for (const [ruleId, severity] of Object.entries(rawRules as Record<string, unknown>)) {
      const canonical = toSeverity(severity);
      if (KNOWN_RULES.has(ruleId) && canonical) rules[ruleId as RuleId] = canonical;
      else log.once(`setting:rules.${ruleId}:${JSON.stringify(severity)}`, `Ignoring setting ${SETTINGS_SECTION}.rules["${ruleId}"]: ${JSON.stringify(severity)} (expected a known rule and off, info, warning or error).`);
    }
  }
  return {
    enable: pick("enable", (v): v is boolean => typeof v === "boolean", DEFAULT_SETTINGS.enable),
    run: pick("run", (v): v is RunMode => v === "onType" || v === "onSave", DEFAULT_SETTINGS.run),
    typed: pick("typed", (v): v is TypedMode => v === "auto" || v === "on" || v === "off", DEFAULT_SETTINGS.typed),
    engine: pick("engine", (v): v is TypedEngine => v === "ts6" || v === "ts7", DEFAULT_SETTINGS.engine),
    rules,
  };
}

export class SettingsStore {
  private readonly byResource = new Map<string, Promise<Settings>>();
  /** For clients without `workspace/configuration`: what `didChangeConfiguration` last pushed. */
  private pushed: Settings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
    private readonly log: Logger,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let cached = this.byResource.get(uri);
    if (!cached) {
      cached = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then((raw) => normalizeSettings(raw, this.log))
        .catch((error: unknown) => {
          this.log.error(`Could not read settings for ${uri}: ${String(error)}`);
          this.byResource.delete(uri);
          return DEFAULT_SETTINGS;
        });
      this.byResource.set(uri, cached);
    }
    return cached;
  }

  /** `workspace/didChangeConfiguration`: drops the cache; push-style clients send the new values along. */
  changed(settings: unknown): void {
    this.byResource.clear();
    if (!this.canPull && settings && typeof settings === "object") {
      this.pushed = normalizeSettings((settings as Record<string, unknown>)[SETTINGS_SECTION], this.log);
    }
  }

  forget(uri: string): void {
    this.byResource.delete(uri);
  }
}
