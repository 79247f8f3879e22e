// --cache: each file's findings, kept between runs and reused while nothing they depend on changed.
//
// An entry is valid for exactly one input: the file's content (a SHA-256 of its text), the rule settings that
// apply to it, and the tool itself (its version and the hash of the running bundle, so a rebuilt development
// copy never serves results of the old code). Findings that cross files (call chains follow imports into other
// files of the lint set) also depend on those files: an entry lists every file the analysis looked up, with the
// hash of the text it saw (or null: not in the lint set), and is used only while each is unchanged.
// Only syntax-mode results are cached: a typed result depends on the whole program (and its type definitions).
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RuleSettings } from "../rules/core/engine";
import type { FixNeed } from "../rules/core/fixes";
import type { ActiveSeverity, Finding } from "../rules/core/model";

/** What a cached result depends on besides its own text: path → hash of the text seen, or null when absent. */
export type Dependencies = Record<string, string | null>;

export interface CacheEntry {
  /** Hash of the file's text (BOM stripped). */
  hash: string;
  /** Hash of the settings the findings were made with (see `settingsKey`). */
  settings: string;
  /** Which fixes the findings hold: "safe" entries serve runs that need no suggestions (stylish, github, SARIF). */
  fixes: FixNeed;
  findings: Finding[];
  dependencies: Dependencies;
}

interface CacheFile {
  format: typeof FORMAT;
  tool: string;
  /** Keyed by absolute path. */
  entries: Record<string, CacheEntry>;
}

const FORMAT = 2;

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

/** Identifies the tool's behaviour: the version, and the code itself when it can be read (a development build). */
export function toolKey(version: string): string {
  let code = "";
  try {
    code = hashText(fs.readFileSync(__filename, "utf8"));
  } catch {
    // Not readable (bundled in some other way): the version alone.
  }
  return `${version}+${code}`;
}

/** The part of the run's settings a file's findings depend on. */
export function settingsKey(rules: RuleSettings, reportUnusedDirectives: ActiveSeverity | "off"): string {
  const sorted = [...rules].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return hashText(JSON.stringify([sorted, reportUnusedDirectives]));
}

export class LintCache {
  private entries: Record<string, CacheEntry> = {};
  private added: Record<string, CacheEntry> = {};
  private changed = false;

  private constructor(
    readonly location: string,
    private readonly tool: string,
  ) {}

  /** Opens the cache file; a missing one is empty, an unreadable or corrupt one is reported and ignored. */
  static open(location: string, tool: string, warn: (message: string) => void, shown = location): LintCache {
    const cache = new LintCache(location, tool);
    let raw: string;
    try {
      raw = fs.readFileSync(location, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") warn(`cannot read the cache ${shown} (linting every file): ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return cache;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (!isCacheFile(parsed)) {
      warn(`the cache ${shown} is corrupt or from another version of its format; ignoring it (it is rewritten after this run)`);
      cache.changed = true;
      return cache;
    }
    // Another version of async-lint (or a rebuilt one): nothing in it can be trusted.
    if (parsed.tool !== tool) cache.changed = true;
    else cache.entries = parsed.entries;
    return cache;
  }

  /**
   * The findings cached for a file, when the entry matches its text and settings and every dependency still
   * hashes the same (`currentHash`: the hash of a path's current text in the lint set, or null), and the entry
   * holds the fixes the run needs.
   */
  lookup(filePath: string, hash: string, settings: string, currentHash: (filePath: string) => string | null, need: FixNeed): Finding[] | undefined {
    const entry = this.entries[filePath];
    if (!entry || entry.hash !== hash || entry.settings !== settings) return undefined;
    if (need === "all" && entry.fixes !== "all") return undefined;
    for (const [dependency, expected] of Object.entries(entry.dependencies)) {
      if (currentHash(dependency) !== expected) return undefined;
    }
    return entry.findings;
  }

  store(filePath: string, entry: CacheEntry): void {
    this.entries[filePath] = entry;
    this.added[filePath] = entry;
    this.changed = true;
  }

  /** The entries stored since the last call (a worker sends them to the main thread, which saves). */
  takeNewEntries(): Record<string, CacheEntry> {
    const added = this.added;
    this.added = {};
    return added;
  }

  /** Writes the cache atomically, dropping entries of files that no longer exist. */
  save(): void {
    for (const filePath of Object.keys(this.entries)) {
      if (!fs.existsSync(filePath)) {
        delete this.entries[filePath];
        this.changed = true;
      }
    }
    if (!this.changed) return;
    const content: CacheFile = { format: FORMAT, tool: this.tool, entries: this.entries };
    fs.mkdirSync(path.dirname(this.location), { recursive: true });
    const temp = `${this.location}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, JSON.stringify(content));
      fs.renameSync(temp, this.location);
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
}

function isCacheFile(value: unknown): value is CacheFile {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Partial<CacheFile>;
  if (file.format !== FORMAT || typeof file.tool !== "string" || typeof file.entries !== "object" || file.entries === null) return false;
  return Object.values(file.entries).every(
    (entry) =>
      typeof entry === "object" &&
      entry !== null &&
      typeof entry.hash === "string" &&
      typeof entry.settings === "string" &&
      (entry.fixes === "all" || entry.fixes === "safe") &&
      Array.isArray(entry.findings) &&
      entry.findings.every(isFinding) &&
      typeof entry.dependencies === "object" &&
      entry.dependencies !== null,
  );
}

/** Enough of a finding's shape that the formatters cannot fail on it. */
function isFinding(value: unknown): value is Finding {
  const finding = value as Partial<Finding> | null;
  if (typeof finding !== "object" || finding === null) return false;
  const location = finding.location as Partial<Finding["location"]> | undefined;
  const range = finding.range as Partial<Finding["range"]> | undefined;
  return (
    typeof finding.message === "string" &&
    typeof finding.messageId === "string" &&
    (finding.ruleId === null || typeof finding.ruleId === "string") &&
    (finding.severity === "error" || finding.severity === "warning" || finding.severity === "info") &&
    typeof location === "object" &&
    [location.line, location.column, location.endLine, location.endColumn].every((n) => typeof n === "number") &&
    typeof range === "object" &&
    typeof range.start === "number" &&
    typeof range.end === "number" &&
    Array.isArray(finding.related) &&
    Array.isArray(finding.fixes) &&
    finding.fixes.every((fix) => typeof fix === "object" && fix !== null && Array.isArray(fix.edits) && typeof fix.title === "string")
  );
}
