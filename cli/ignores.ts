// Which files are not linted, for the CLI's discovery and the language server alike. Checked top-down, so a file in an
// ignored folder is ignored too (as in git):
// - folders named node_modules or .git are always skipped;
// - .gitignore files (and .git/info/exclude) from the git work tree's root down; outside a git work tree,
//   from the working folder down (or from the named folder down when it is outside the working folder);
// - the `ignores` of the file's config (the nearest async-lint.json, or --config), relative to the config's folder.
import * as fs from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { ConfigFile, ConfigResolver } from "../rules/core/config";
import { displayPath, isOutside } from "./log";

export const ALWAYS_SKIPPED = new Set(["node_modules", ".git"]);

/**
 * Why discovery would skip the file (for --print-config, and the server, which does not check it), or undefined.
 * `cwd`: where .gitignore files start applying outside a git work tree; reasons name paths relative to it.
 */
export function ignoredReason(filePath: string, cwd: string, resolver: ConfigResolver): string | undefined {
  const rules = new IgnoreRules(cwd, resolver);
  // As `async-lint .` run from `cwd`: a named folder that is itself ignored is linted, with the rules from it down.
  const floor = isInside(cwd, filePath) && new IgnoreScope(rules, cwd, undefined).reasonFor(cwd, true) ? cwd : undefined;
  return new IgnoreScope(rules, path.dirname(filePath), floor).reasonFor(filePath, false);
}

/** Reads and caches the ignore files and config ignores; shared by every scope of a run. */
export class IgnoreRules {
  private readonly gitignores = new Map<string, Ignore | undefined>();
  private readonly gitRoots = new Map<string, string | undefined>();
  private readonly configIgnores = new Map<string, Ignore>();

  constructor(
    readonly cwd: string,
    readonly resolver: ConfigResolver,
  ) {}

  /** The `.gitignore` of a folder (plus .git/info/exclude at a work tree's root). */
  gitignoreIn(dir: string): Ignore | undefined {
    if (this.gitignores.has(dir)) return this.gitignores.get(dir);
    const patterns: string[] = [];
    for (const file of [path.join(dir, ".gitignore"), path.join(dir, ".git", "info", "exclude")]) {
      try {
        patterns.push(fs.readFileSync(file, "utf8"));
      } catch {
        // No such file: nothing to ignore here.
      }
    }
    // One add() per file: add() splits a string into lines, but not the strings of an array.
    const rules = patterns.length > 0 ? patterns.reduce((ig, content) => ig.add(content), ignore({ allowRelativePaths: true })) : undefined;
    this.gitignores.set(dir, rules);
    return rules;
  }

  /** The nearest folder up from `dir` holding `.git`: the work tree's root. */
  gitRootOf(dir: string): string | undefined {
    if (this.gitRoots.has(dir)) return this.gitRoots.get(dir);
    let root: string | undefined;
    if (fs.existsSync(path.join(dir, ".git"))) root = dir;
    else {
      const parent = path.dirname(dir);
      root = parent !== dir ? this.gitRootOf(parent) : undefined;
    }
    this.gitRoots.set(dir, root);
    return root;
  }

  configIgnoresOf(config: ConfigFile): Ignore | undefined {
    if (config.ignores.length === 0) return undefined;
    let rules = this.configIgnores.get(config.path);
    if (!rules) {
      rules = ignore({ allowRelativePaths: true }).add(config.ignores);
      this.configIgnores.set(config.path, rules);
    }
    return rules;
  }
}

/**
 * Decides for one walk (one named folder, file or glob) whether a path is ignored.
 * `floor`: a named folder that is itself ignored; rules from above it are not applied inside it.
 */
export class IgnoreScope {
  private readonly dirReasons = new Map<string, string | undefined>();
  private readonly gitignoreChains = new Map<string, { dir: string; gitignore: Ignore }[]>();

  constructor(
    private readonly rules: IgnoreRules,
    /** Where .gitignore files start applying when the path is neither in a git work tree nor in the working folder. */
    private readonly fallbackTop: string,
    private readonly floor: string | undefined,
  ) {}

  reasonFor(absolute: string, isDir: boolean): string | undefined {
    const top = this.topFor(absolute);
    if (absolute === top || !isInside(top, absolute)) return undefined;
    const parent = path.dirname(absolute);
    if (parent !== top) {
      const parentReason = this.dirReason(parent, top);
      if (parentReason) return parentReason;
    }
    return this.ownReason(absolute, isDir, top);
  }

  private dirReason(dir: string, top: string): string | undefined {
    if (this.dirReasons.has(dir)) return this.dirReasons.get(dir);
    const parent = path.dirname(dir);
    const reason = (parent !== top && isInside(top, parent) ? this.dirReason(parent, top) : undefined) ?? this.ownReason(dir, true, top);
    this.dirReasons.set(dir, reason);
    return reason;
  }

  private topFor(absolute: string): string {
    if (this.floor) return this.floor;
    const gitRoot = this.rules.gitRootOf(path.dirname(absolute));
    if (gitRoot) return gitRoot;
    if (isInside(this.rules.cwd, absolute)) return this.rules.cwd;
    return this.fallbackTop;
  }

  /** The folders from `top` down to `dir` that hold ignore rules, top first: remembered per folder (asked per entry). */
  private gitignoresAbove(top: string, dir: string): readonly { dir: string; gitignore: Ignore }[] {
    const key = `${top}\0${dir}`;
    let found = this.gitignoreChains.get(key);
    if (!found) {
      found = [];
      for (const folder of foldersBetween(top, dir)) {
        const gitignore = this.rules.gitignoreIn(folder);
        if (gitignore) found.push({ dir: folder, gitignore });
      }
      this.gitignoreChains.set(key, found);
    }
    return found;
  }

  /** The entry itself, its parents already known not to be ignored. */
  private ownReason(absolute: string, isDir: boolean, top: string): string | undefined {
    const name = path.basename(absolute);
    if (isDir && ALWAYS_SKIPPED.has(name)) return `${name} folders are always skipped`;
    const suffix = isDir ? "/" : "";
    // Git: a deeper .gitignore overrides a higher one; within a file the last matching pattern wins.
    let ignoredBy: string | undefined;
    for (const { dir, gitignore } of this.gitignoresAbove(top, path.dirname(absolute))) {
      const result = gitignore.test(toPosix(path.relative(dir, absolute)) + suffix);
      if (result.ignored) ignoredBy = `by ${displayPath(path.join(dir, ".gitignore"), this.rules.cwd)}`;
      else if (result.unignored) ignoredBy = undefined;
    }
    if (ignoredBy) return ignoredBy;
    const config = this.rules.resolver.configFor(absolute);
    if (config && (!this.floor || isInside(this.floor, config.dir))) {
      const relative = path.relative(config.dir, absolute);
      const configIgnores = this.rules.configIgnoresOf(config);
      if (configIgnores && relative && !isOutside(relative) && configIgnores.ignores(toPosix(relative) + suffix)) {
        return `by "ignores" in ${displayPath(config.path, this.rules.cwd)}`;
      }
    }
    return undefined;
  }
}

/** `from`, then each folder down to `to` (inclusive); `to` must be inside `from`. */
function foldersBetween(from: string, to: string): string[] {
  const chain: string[] = [];
  for (let dir = to; ; dir = path.dirname(dir)) {
    chain.push(dir);
    if (dir === from || path.dirname(dir) === dir) break;
  }
  return chain.reverse();
}

function isInside(dir: string, target: string): boolean {
  const relative = path.relative(dir, target);
  return relative === "" || !isOutside(relative);
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
