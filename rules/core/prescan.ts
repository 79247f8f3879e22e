// Pre-scan: a cheap look at a file's text, before parsing it, for the words a rule's findings need.
//
// A rule states (in its meta) a textual precondition per language: when the text has none of the words, the
// rule's detector cannot report anything in that file, so a host may skip the parse. The words are keywords the
// rule's findings need (`async`, `await`), and the names its knowledge tables resolve through: every API a table
// names is reached, in syntax mode, from an import or `require` of its module (whose name is then in a string
// literal) or from a global (whose name is then an identifier). Typed mode is not pre-scanned: the checker
// can give a value an API's type without the file naming it.
//
// Identifiers match as whole words (`got` does not match `forgot`), modules as the start of a string literal.
// Not seen: a module specifier written with string escapes (`require("f\x73")`), which only obfuscated code does;
// identifiers and keywords written with `\u` escapes are handled (such files are always linted).
import { GLOBAL_MODULE } from "../knowledge/node-instances";
import { PY_ANNOTATION_TYPES, PY_INSTANCE_FACTORIES, PY_ITERATION_RESULTS, PY_MEMBER_RESULTS } from "../knowledge/python-instances";

/** A row of a knowledge table, as far as the pre-scan cares: where the API comes from. */
export interface ApiOrigin {
  module?: string;
  /** A dotted export path; for globals its names are the global and its members. */
  name?: string;
  names?: readonly string[];
  path?: readonly string[];
}

/** An identifier or keyword (matched as a whole word), or a module (matched as the start of a string literal). */
export type PrescanWord = string | { module: string };

/** The package a module belongs to (`stream/promises` → `stream`, `@scope/pkg/x` → `@scope/pkg`). */
function packageOf(module: string): string {
  const specifier = module.startsWith("node:") ? module.slice(5) : module;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * The words that name the given APIs' origins: their modules, and for a global one of the names its path needs
 * (each is written in the file: `self.fetch` needs `self` and `fetch`; the longest is the rarest, usually).
 * Throws on a global path of patterns only (`*`): no word stands for it, and such a rule cannot be pre-scanned.
 */
export function originWords(apis: readonly ApiOrigin[]): PrescanWord[] {
  const words: PrescanWord[] = [];
  for (const api of apis) {
    if (api.module === undefined) continue;
    if (api.module !== GLOBAL_MODULE) {
      words.push({ module: packageOf(api.module) });
      continue;
    }
    const paths = api.path ? [api.path.join(".")] : (api.names ?? [api.name ?? ""]);
    for (const dotted of paths) {
      const names = dotted.split(".").filter((name) => name !== "" && name !== "**" && !name.includes("*"));
      if (names.length === 0 && dotted !== "") throw new Error(`pre-scan: the global pattern '${dotted}' has no word to look for`);
      words.push(names.length === 0 ? "globalThis" : names.reduce((a, b) => (b.length > a.length ? b : a)));
    }
  }
  return words;
}

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * A test for any of the words. An identifier must stand alone (`got` does not match `forgot`); a module must
 * open a string literal, as in an import or `require` (`"http"`, `'node:http'`, `"got/dist"`: not a URL's `http:`).
 */
export function mentionsAny(words: Iterable<PrescanWord>): (text: string) => boolean {
  const identifiers = new Set<string>();
  const modules = new Set<string>();
  for (const word of words) {
    if (typeof word === "string") identifiers.add(word);
    else modules.add(word.module);
  }
  const alternatives: string[] = [];
  if (identifiers.size > 0) alternatives.push(`(?<![\\w$])(?:${[...identifiers].sort().map(escapeRegExp).join("|")})(?![\\w$])`);
  if (modules.size > 0) alternatives.push(`["'\`](?:node:)?(?:${[...modules].sort().map(escapeRegExp).join("|")})["'\`/]`);
  if (alternatives.length === 0) return () => false;
  const pattern = new RegExp(alternatives.join("|"));
  return (text) => pattern.test(text);
}

/**
 * The texts the rules' pre-scans read for a file, a rule running when its pre-scan finds its words in any of them;
 * undefined when the file must be linted whatever they say. It must when it has suppression directives (an unused
 * one is itself reported). An identifier or keyword may be spelled with `\u` escapes (`\u0061sync`): in TypeScript
 * and JavaScript the scans then also read the text with every such escape decoded (a string's too, which only adds
 * words); a Python file with `\u` is always linted.
 */
export function prescanTexts(language: "typescript" | "python", text: string): readonly string[] | undefined {
  if (text.includes("async-lint")) return undefined;
  if (!text.includes("\\u")) return [text];
  return language === "typescript" ? [text, decodeUnicodeEscapes(text)] : undefined;
}

const UNICODE_ESCAPE = /\\u(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{4}))/g;

function decodeUnicodeEscapes(text: string): string {
  return text.replace(UNICODE_ESCAPE, (escape, braced: string | undefined, fourDigits: string | undefined) => {
    const code = parseInt(braced ?? fourDigits ?? "", 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
  });
}

/** A Python API as knowledge tables name it: a qualified callee (`asyncio.sleep`), or a member of a tracked type. */
export interface PyApiOrigin {
  callee?: string;
  type?: string;
}

/**
 * The words a Python file names when it reaches the given APIs: the package of each callee (the resolver reaches
 * a library only through an import of it, which names its package; relative and project imports never match a
 * table), a builtin's own name (`builtins.open` → `open`), and for a tracked type every package that can make
 * one in the file: its factories and annotation classes, and those of the types whose members or iteration give it.
 */
export function pythonOriginWords(apis: readonly PyApiOrigin[]): string[] {
  const words = new Set<string>();
  const wordOf = (qualified: string) => {
    const [first, second] = qualified.split(".");
    return first === "builtins" && second ? second : first;
  };
  const typesSeen = new Set<string>();
  const addType = (type: string): void => {
    if (typesSeen.has(type)) return;
    typesSeen.add(type);
    for (const factory of PY_INSTANCE_FACTORIES) if (factory.type === type || factory.typeWithArgument?.type === type) words.add(wordOf(factory.callee));
    for (const [annotation, annotated] of Object.entries(PY_ANNOTATION_TYPES)) if (annotated === type) words.add(wordOf(annotation));
    for (const result of PY_MEMBER_RESULTS) if (result.returns === type) addType(result.type);
    for (const result of PY_ITERATION_RESULTS) if (result.yields === type) addType(result.type);
  };
  for (const api of apis) {
    if (api.callee !== undefined) words.add(wordOf(api.callee));
    if (api.type !== undefined) addType(api.type);
  }
  return [...words].sort();
}
