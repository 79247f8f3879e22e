// File discovery: paths, folders and globs → the sorted list of files to lint, without the ignored ones
// (cli/ignores.ts says which). A file named explicitly is linted even when ignored (with a warning). A folder named explicitly that is itself
// ignored is linted too (with a warning); inside it, only the ignore files and configs in it or below apply.
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigResolver } from "../rules/core/config";
import { languageOf } from "../rules/core/engine";
import { UsageError } from "./args";
import { IgnoreRules, IgnoreScope } from "./ignores";
import { displayPath, type Log } from "./log";

// Loaded with require() so that the bundle takes tinyglobby's (and fdir's) CommonJS build: their ESM build uses
// import.meta.url, which a CommonJS bundle does not have.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { globSync, isDynamicPattern } = require("tinyglobby") as typeof import("tinyglobby");

export const EXTENSIONS = ".ts .tsx .mts .cts .js .jsx .mjs .cjs .py";

export interface DiscoveryOptions {
  cwd: string;
  patterns: readonly string[];
  resolver: ConfigResolver;
  log: Log;
}

export function discoverFiles(options: DiscoveryOptions): string[] {
  const { cwd, log } = options;
  const rules = new IgnoreRules(cwd, options.resolver);
  const found = new Set<string>();
  for (const pattern of options.patterns) {
    const absolute = path.resolve(cwd, pattern);
    const stat = statOrUndefined(absolute);
    if (!stat) {
      if (isDynamicPattern(pattern)) {
        expandGlob(pattern, cwd, rules, found, log);
        continue;
      }
      // A dangling symbolic link exists but cannot be read: linting it reports it as unreadable.
      if (lstatOrUndefined(absolute)?.isSymbolicLink() && languageOf(absolute)) {
        found.add(absolute);
        continue;
      }
      throw new UsageError(`no such file or directory: ${pattern}`);
    }
    if (stat.isDirectory()) {
      const scope = new IgnoreScope(rules, absolute, undefined);
      const reason = scope.reasonFor(absolute, true);
      if (reason) {
        log.warn(`${displayPath(absolute, cwd)} is ignored (${reason}); linting it because it was named explicitly`);
        walk(absolute, new IgnoreScope(rules, absolute, absolute), found, log, cwd);
      } else {
        walk(absolute, scope, found, log, cwd);
      }
      continue;
    }
    if (!languageOf(absolute)) {
      log.warn(`skipped ${displayPath(absolute, cwd)}: not a file async-lint checks (${EXTENSIONS}; not .d.ts)`);
      continue;
    }
    const reason = new IgnoreScope(rules, path.dirname(absolute), undefined).reasonFor(absolute, false);
    if (reason) log.warn(`${displayPath(absolute, cwd)} is ignored (${reason}); linting it because it was named explicitly`);
    found.add(absolute);
  }
  return [...found].sort();
}

function expandGlob(pattern: string, cwd: string, rules: IgnoreRules, found: Set<string>, log: Log): void {
  const matches = globSync(pattern, {
    cwd,
    absolute: true,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
    ignore: ["**/node_modules/**", "**/.git/**"],
  }).map((match) => path.resolve(match));
  if (matches.length === 0) throw new UsageError(`no files match the pattern '${pattern}'`);
  const scope = new IgnoreScope(rules, cwd, undefined);
  let kept = 0;
  for (const file of matches) {
    if (!languageOf(file) || scope.reasonFor(file, false)) continue;
    found.add(file);
    kept++;
  }
  if (kept === 0) log.warn(`all files matching '${pattern}' are ignored or not files async-lint checks (${EXTENSIONS})`);
}

function walk(dir: string, scope: IgnoreScope, found: Set<string>, log: Log, cwd: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    log.error(`cannot read folder ${displayPath(dir, cwd)}: ${describeFsError(error)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!scope.reasonFor(absolute, true)) walk(absolute, scope, found, log, cwd);
    } else if (entry.isFile()) {
      if (languageOf(absolute) && !scope.reasonFor(absolute, false)) found.add(absolute);
    } else if (entry.isSymbolicLink()) {
      // Linked files are linted; linked folders are not followed (no cycles, no file linted twice).
      if (!languageOf(absolute)) continue;
      const target = statOrUndefined(absolute);
      if (target?.isDirectory()) continue;
      if (!scope.reasonFor(absolute, false)) found.add(absolute);
    }
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOENT":
      return "no such file (a broken symbolic link?)";
    case "EISDIR":
      return "is a folder";
    case "ELOOP":
      return "too many levels of symbolic links";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
