// tsconfig `paths` aliases (`@server/*` → `./server/*`) for syntax mode, where no program resolves imports:
// following a helper imported as `@server/utils/readManifestFile` needs the same mapping the compiler uses.
// Only the nearest tsconfig.json above a file is read (with its `extends` chain), once per folder.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

interface PathAliases {
  /** The folder `paths` entries are relative to: `baseUrl` when set, else the folder of the tsconfig that sets `paths`. */
  base: string;
  paths: Record<string, readonly string[]>;
}

const MAX_EXTENDS = 4;
const configOfFolder = new Map<string, string | null>();
const aliasesOfConfig = new Map<string, PathAliases | null>();

/** The paths (without extension) an aliased import may refer to, in the order the compiler tries them. */
export function aliasedImportTargets(fromFile: string, specifier: string): string[] {
  if (specifier.startsWith(".") || path.isAbsolute(specifier)) return [];
  const config = nearestConfig(path.dirname(fromFile));
  const aliases = config ? aliasesOf(config) : undefined;
  if (!aliases) return [];
  const targets: string[] = [];
  for (const [pattern, substitutions] of bestPatterns(aliases.paths, specifier)) {
    for (const substitution of substitutions) targets.push(path.resolve(aliases.base, substitution.replace("*", pattern.captured)));
  }
  return targets;
}

/** Matching patterns, an exact one first, then by longest prefix (the compiler's order). */
function bestPatterns(paths: Record<string, readonly string[]>, specifier: string): [{ captured: string }, readonly string[]][] {
  const matches: { prefixLength: number; captured: string; substitutions: readonly string[] }[] = [];
  for (const [pattern, substitutions] of Object.entries(paths)) {
    if (!Array.isArray(substitutions)) continue;
    const star = pattern.indexOf("*");
    if (star < 0) {
      if (pattern === specifier) matches.push({ prefixLength: Infinity, captured: "", substitutions });
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
      matches.push({ prefixLength: prefix.length, captured: specifier.slice(prefix.length, specifier.length - suffix.length), substitutions });
    }
  }
  matches.sort((a, b) => b.prefixLength - a.prefixLength);
  return matches.map((m) => [{ captured: m.captured }, m.substitutions.filter((s) => typeof s === "string")]);
}

function nearestConfig(folder: string): string | undefined {
  const visited: string[] = [];
  let found: string | null = null;
  for (let current = folder; ; current = path.dirname(current)) {
    const known = configOfFolder.get(current);
    if (known !== undefined) {
      found = known;
      break;
    }
    visited.push(current);
    const candidate = path.join(current, "tsconfig.json");
    if (fs.existsSync(candidate)) {
      found = candidate;
      break;
    }
    // Stop at the project root (a package.json) or the file system root.
    if (fs.existsSync(path.join(current, "package.json")) || path.dirname(current) === current) break;
  }
  for (const folderOnTheWay of visited) configOfFolder.set(folderOnTheWay, found);
  return found ?? undefined;
}

function aliasesOf(configPath: string): PathAliases | undefined {
  let aliases = aliasesOfConfig.get(configPath);
  if (aliases === undefined) {
    aliases = readAliases(configPath, 0) ?? null;
    aliasesOfConfig.set(configPath, aliases);
  }
  return aliases ?? undefined;
}

function readAliases(configPath: string, hops: number): PathAliases | undefined {
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (!config || typeof config !== "object") return undefined;
  const folder = path.dirname(configPath);
  const options = config.compilerOptions ?? {};
  if (options.paths && typeof options.paths === "object") {
    const base = typeof options.baseUrl === "string" ? path.resolve(folder, options.baseUrl) : folder;
    return { base, paths: options.paths };
  }
  // `paths` inherited from a relative `extends` (a package's shared config is not followed).
  const parents = typeof config.extends === "string" ? [config.extends] : Array.isArray(config.extends) ? [...config.extends].reverse() : [];
  for (const parent of parents) {
    if (hops >= MAX_EXTENDS || typeof parent !== "string" || !parent.startsWith(".")) continue;
    const parentPath = path.resolve(folder, parent.endsWith(".json") ? parent : `${parent}.json`);
    if (!fs.existsSync(parentPath)) continue;
    const inherited = readAliases(parentPath, hops + 1);
    if (inherited) return inherited;
  }
  return undefined;
}
