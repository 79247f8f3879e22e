// Matching what a callee resolves to against the API names of the knowledge tables, for both languages, and
// turning a rule's custom API options into table entries. One pattern language everywhere: a dotted export path
// (`fs.readFileSync`, `os.spawn*`), where `*` within a segment matches any characters of one name and a final
// `**` any number of trailing names (including none).
import type { BlockingCallSpec } from "./node-blocking";
import type { ApiPattern } from "./node-promises";
import type { PyBlockingCallSpec } from "./python-blocking";
import { normalizeModuleName, type ResolvedValue } from "../lang/typescript/resolve";

/** Matches an export path against a dotted pattern. `""` matches the module itself (an empty path). */
export function pathMatches(pattern: string, path: readonly string[]): boolean {
  const parts = partsOf(pattern);
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === "**" && i === parts.length - 1) return true;
    if (i >= path.length || !segmentMatches(parts[i], path[i])) return false;
  }
  return parts.length === path.length;
}

/** Matches a Python qualified name (`os.spawnlp`) against a dotted pattern (`os.spawn*`). */
export function qualifiedNameMatches(pattern: string, qualifiedName: string): boolean {
  // Most patterns name one function: no need to split anything (tables are scanned for every call).
  if (!pattern.includes("*")) return pattern !== "" && pattern === qualifiedName;
  return pathMatches(pattern, qualifiedName.split("."));
}

/** Split patterns, kept: the tables are matched against every call. */
const patternParts = new Map<string, readonly string[]>();
function partsOf(pattern: string): readonly string[] {
  let parts = patternParts.get(pattern);
  if (!parts) patternParts.set(pattern, (parts = pattern === "" ? [] : pattern.split(".")));
  return parts;
}

const segmentPatterns = new Map<string, RegExp>();
function segmentMatches(pattern: string, name: string): boolean {
  if (!pattern.includes("*")) return pattern === name;
  let regex = segmentPatterns.get(pattern);
  if (!regex) {
    regex = new RegExp("^" + pattern.split("*").map(escapeRegExp).join(".*") + "$");
    segmentPatterns.set(pattern, regex);
  }
  return regex.test(name);
}

/**
 * A pattern over a callee as written (`analytics.*`, `logger.*`), from a rule option that names callees by their
 * text: `*` stays within one name, as in table patterns.
 */
export function calleeTextPattern(pattern: string): RegExp {
  return new RegExp("^" + pattern.split("*").map(escapeRegExp).join("[^.]*") + "$");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The first pattern naming the module export a TypeScript callee resolves to. */
export function matchApi<P extends ApiPattern>(patterns: readonly P[], value: ResolvedValue | undefined): P | undefined {
  if (!value || value.kind !== "module") return undefined;
  return patterns.find((p) => p.module === value.module && pathMatches(p.name, value.path));
}

/** A blocking API added by a rule option: the module that exports it, the export name, and what to use instead. */
export interface CustomBlockingApi {
  module: string;
  name: string;
  reason?: string;
  replacement: string;
}

/** What a custom blocking API says in messages, the same in both languages. */
function customBlockingText(custom: CustomBlockingApi): { reason: string; replacement: string } {
  return {
    reason: custom.reason ?? "runs synchronously",
    replacement: custom.replacement.includes("`") ? custom.replacement : `\`${custom.replacement}\``,
  };
}

/** A custom blocking API as an entry of the Node table (`node:` prefixes dropped, as in imports). */
export function nodeBlockingSpec(custom: CustomBlockingApi): BlockingCallSpec {
  return { module: normalizeModuleName(custom.module), name: custom.name, ...customBlockingText(custom) };
}

/** A custom blocking API as an entry of the Python table (its qualified name: module and export joined). */
export function pythonBlockingSpec(custom: CustomBlockingApi): PyBlockingCallSpec {
  return { callee: `${custom.module}.${custom.name}`, ...customBlockingText(custom) };
}
