import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { type ErrorObject } from "ajv";
import ignore, { type Ignore } from "ignore";
import { findNodeAtLocation, type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { parse as parseToml, TomlError } from "smol-toml";
import type { RuleSetting, RuleSettings } from "./engine";
import { type JsonSchema, type RuleId, SEVERITIES, type Severity, type SeverityInput, toSeverity } from "./model";
import { RULE_IDS, RULES } from "./registry";
import { LineIndex } from "./text";

export const CONFIG_FILE_NAME = "async-lint.json";
/** Python projects may configure async-lint in `[tool.async-lint]` of their pyproject.toml instead. */
export const PYPROJECT_FILE_NAME = "pyproject.toml";
/**
 * The schema's identifier. A URN, not a web address: no public repository serves the schema yet, and editors find it
 * through `"$schema": "./node_modules/async-lint/schema/async-lint.schema.json"` or the extension's jsonValidation.
 */
export const SCHEMA_ID = "urn:async-lint:config-schema";

export type RuleConfigValue = SeverityInput | [SeverityInput] | [SeverityInput, Record<string, unknown>];

export type RuleConfigs = Partial<Record<RuleId, RuleConfigValue>>;

/** Rule settings for some files only (ESLint flat config's `files`, Ruff's per-file-ignores). */
export interface ConfigOverride {
  /** Globs in gitignore syntax, relative to the config's folder. */
  files: string[];
  rules: RuleConfigs;
}

export interface ConfigFile {
  /** Absolute path of the config file. */
  path: string;
  /** Folder the config's relative globs are resolved from. */
  dir: string;
  rules: RuleConfigs;
  ignores: string[];
  /** Applied in order after `rules` and after DEFAULT_OVERRIDES, to the files they match; the last one wins. */
  overrides: ConfigOverride[];
}

/**
 * Test files: `prefer-concurrent-awaits` and `require-concurrency-limit` are off there by default. Fixture builders
 * run one after another on purpose (each test sets up its own rows, in order), and a test's loop is bounded by the
 * test. `no-blocking-call` is lowered to info: a sync read of a fixture in a test body stalls only that test's
 * process, not a server's other requests, so it is shown but does not fail the run. `no-unawaited-call` stays on: a
 * dropped promise in a test is a test that asserts nothing. A config's own `overrides` come after this one and may
 * turn the rules back on for the same globs. The globs are matched relative to the config's folder, or without a
 * config to the project's (see `overrideBaseDir`).
 */
export const DEFAULT_OVERRIDES: readonly ConfigOverride[] = [
  {
    files: ["*.test.*", "*.spec.*", "__tests__/", "test/", "tests/", "e2e/", "test_*.py", "*_test.py", "conftest.py"],
    rules: { "prefer-concurrent-awaits": "off", "require-concurrency-limit": "off", "no-blocking-call": "info" } as RuleConfigs,
  },
];

/** A config problem, always naming the file and, when known, the line and column. */
export class ConfigError extends Error {
  constructor(
    readonly filePath: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly problem: string,
  ) {
    super(`${filePath}${line !== undefined ? `:${line}:${column ?? 1}` : ""}: ${problem}`);
    this.name = "ConfigError";
  }
}

/** The JSON Schema of `async-lint.json`, built from the rule registry so options cannot drift from the rules. */
export function buildConfigSchema(): Record<string, unknown> {
  const severity = {
    enum: [...SEVERITIES, "warn", 0, 1, 2] satisfies SeverityInput[],
    description: "off, info, warning or error; ESLint's \"warn\" and 0 (off), 1 (warning), 2 (error) are accepted too.",
  };
  const ruleProperties: Record<string, unknown> = {};
  for (const rule of RULES) {
    ruleProperties[rule.meta.id] = {
      description: `${rule.meta.description} Default: ${rule.meta.defaultSeverity}.`,
      oneOf: [
        severity,
        { type: "array", items: [severity], minItems: 1, maxItems: 1 },
        { type: "array", items: [severity, withDefaults(rule.meta.optionsSchema, rule.meta.defaultOptions)], minItems: 2, maxItems: 2 },
      ],
    };
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: SCHEMA_ID,
    title: "async-lint configuration",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      rules: {
        type: "object",
        description: "Severity and options per rule: \"off\" | \"info\" | \"warning\" | \"error\" (or ESLint's \"warn\", 0, 1, 2), or [severity, options].",
        properties: ruleProperties,
        additionalProperties: false,
      },
      ignores: {
        type: "array",
        description: "Globs, relative to this file's folder, of files and folders not to lint (gitignore syntax).",
        items: { type: "string" },
      },
      overrides: {
        type: "array",
        description:
          "Rule settings for some files only, applied in order after `rules` (the last match wins). Test files have a default override, applied before these: prefer-concurrent-awaits and require-concurrency-limit are off and no-blocking-call is info in `*.test.*`, `*.spec.*`, `__tests__/`, `test/`, `tests/`, `e2e/`, `test_*.py`, `*_test.py`, `conftest.py`.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["files", "rules"],
          properties: {
            files: { type: "array", minItems: 1, items: { type: "string", minLength: 1 }, description: "Globs, relative to this file's folder (gitignore syntax)." },
            rules: { type: "object", properties: ruleProperties, additionalProperties: false, description: "Severity and options per rule, as in `rules`." },
          },
        },
      },
    },
  };
}

/** The options schema with each option's default from `defaultOptions`, for editors (completion, hovers). */
function withDefaults(schema: JsonSchema, defaults: unknown): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || typeof defaults !== "object" || defaults === null) return schema;
  const withDefault = ([name, property]: [string, JsonSchema]) => {
    if (!(name in defaults)) return [name, property];
    const value = (defaults as Record<string, unknown>)[name];
    const description = typeof property.description === "string" ? `${property.description} Default: ${JSON.stringify(value)}.` : undefined;
    return [name, { ...property, ...(description ? { description } : {}), default: value }];
  };
  return { ...schema, properties: Object.fromEntries(Object.entries(properties).map(withDefault)) };
}

let validator: ReturnType<Ajv["compile"]> | undefined;
function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(buildConfigSchema());
  return validator(value) ? [] : (validator.errors ?? []);
}

export function parseConfigText(filePath: string, text: string): ConfigFile {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const at = first ? lines.position(first.offset) : undefined;
    throw new ConfigError(filePath, at?.line, at?.column, first ? `invalid JSON: ${describeParseError(first.error)}` : "empty file (expected a JSON object)");
  }
  const value = nodeValue(tree);
  const problems = validate(value);
  if (problems.length > 0) throw configErrorFromSchema(filePath, tree, lines, pickMostSpecific(problems));
  return configOf(filePath, value);
}

function configOf(filePath: string, value: unknown): ConfigFile {
  const config = value as { rules?: RuleConfigs; ignores?: string[]; overrides?: ConfigOverride[] };
  return { path: filePath, dir: path.dirname(filePath), rules: config.rules ?? {}, ignores: config.ignores ?? [], overrides: config.overrides ?? [] };
}

export function loadConfigFile(filePath: string): ConfigFile {
  const text = readConfigText(filePath);
  if (filePath.endsWith(".toml")) {
    const config = parsePyprojectText(filePath, text);
    if (!config) throw new ConfigError(filePath, undefined, undefined, "no [tool.async-lint] table");
    return config;
  }
  return parseConfigText(filePath, text);
}

/** Real configs are a few kilobytes; a bigger file is a mistake (or generated garbage) that would take long to parse and apply. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function readConfigText(filePath: string): string {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(filePath);
  } catch (error) {
    throw new ConfigError(filePath, undefined, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // Reading a FIFO or a device would wait forever (or never end).
  if (stats.isDirectory()) throw new ConfigError(filePath, undefined, undefined, "is a folder, not a config file");
  if (!stats.isFile()) throw new ConfigError(filePath, undefined, undefined, "not a regular file (a pipe, socket or device)");
  const size = stats.size;
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError(filePath, undefined, undefined, `too large (${(size / 1048576).toFixed(1)} MB; a config file may have at most ${MAX_CONFIG_BYTES / 1048576} MB)`);
  }
  try {
    return fs.readFileSync(filePath, "utf8");
  } catch (error) {
    throw new ConfigError(filePath, undefined, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

const PYPROJECT_TABLE = ["tool", "async-lint"];

/**
 * The `[tool.async-lint]` table of a pyproject.toml, with the same keys as async-lint.json; undefined when the
 * file has no such table (the search for a config then goes on upwards).
 */
export function parsePyprojectText(filePath: string, text: string): ConfigFile | undefined {
  let document: Record<string, unknown>;
  try {
    document = parseToml(text);
  } catch (error) {
    if (error instanceof TomlError) throw new ConfigError(filePath, error.line, error.column, `invalid TOML: ${error.message.split("\n")[0]}`);
    throw error;
  }
  const tool = document.tool as Record<string, unknown> | undefined;
  const table = tool?.["async-lint"];
  if (table === undefined) return undefined;
  const problems = validate(table);
  if (problems.length > 0) {
    const { path: keyPath, message } = describeSchemaProblem(pickMostSpecific(problems));
    const at = locateTomlKey(text, [...PYPROJECT_TABLE, ...keyPath]);
    throw new ConfigError(filePath, at?.line, at?.column, `[tool.async-lint] ${message}`);
  }
  return configOf(filePath, table);
}

/**
 * Where a dotted key path is written in TOML text (1-based), as deep as it can be found: table headers
 * (`[tool.async-lint.rules]`), dotted keys and keys of inline tables on the same line. TOML parsers do not
 * report value positions, and this is only used to point an error message at the right line.
 */
function locateTomlKey(text: string, keyPath: string[]): { line: number; column: number } | undefined {
  let best: { depth: number; line: number; column: number } | undefined;
  let table: string[] = [];
  text.split(/\r?\n/).forEach((lineText, index) => {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(lineText);
    let found: { path: string[]; column: number } | undefined;
    if (header) {
      table = splitTomlKey(header[1]);
      found = { path: table, column: lineText.indexOf("[") + 1 };
    } else {
      const key = /^(\s*)((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=/.exec(lineText);
      if (key) found = { path: [...table, ...splitTomlKey(key[2])], column: key[1].length + 1 };
    }
    if (!found) return;
    let depth = commonPrefix(found.path, keyPath);
    if (depth < found.path.length) return;
    let column = found.column;
    // Keys of an inline table on the same line: `rules = { no-blocking-call = "bogus" }`.
    for (let searchFrom = column; depth < keyPath.length; depth++) {
      const segment = keyPath[depth].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const inline = new RegExp(`[{,]\\s*(["']?)${segment}\\1\\s*=`).exec(lineText.slice(searchFrom - 1));
      if (!inline) break;
      column = searchFrom + inline.index + inline[0].indexOf(keyPath[depth]) - (inline[1] ? 1 : 0);
      searchFrom = column + 1;
    }
    if (!best || depth > best.depth) best = { depth, line: index + 1, column };
  });
  return best && best.depth >= PYPROJECT_TABLE.length ? { line: best.line, column: best.column } : undefined;
}

function splitTomlKey(key: string): string[] {
  return (key.match(/"[^"]*"|'[^']*'|[^.\s]+/g) ?? []).map((part) => part.replace(/^["']|["']$/g, ""));
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** "PropertyNameExpected" → "property name expected". */
function describeParseError(code: number): string {
  return printParseErrorCode(code as Parameters<typeof printParseErrorCode>[0])
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case "object":
      return Object.fromEntries((node.children ?? []).map((property) => [property.children![0].value, nodeValue(property.children![1])]));
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

// With oneOf, ajv reports every branch; the deepest path names the actual mistake best.
function pickMostSpecific(problems: ErrorObject[]): ErrorObject {
  const meaningful = problems.filter((p) => p.keyword !== "oneOf" && p.keyword !== "if");
  const pool = meaningful.length > 0 ? meaningful : problems;
  return pool.reduce((best, p) => (p.instancePath.split("/").length > best.instancePath.split("/").length ? p : best));
}

function configErrorFromSchema(filePath: string, tree: JsonNode, lines: LineIndex, problem: ErrorObject): ConfigError {
  const { segments, path: keyPath, message } = describeSchemaProblem(problem);
  const jsonPath = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let node = findNodeAtLocation(tree, jsonPath);
  if (keyPath.length > segments.length) node = findNodeAtLocation(tree, [...jsonPath, keyPath[keyPath.length - 1]])?.parent?.children?.[0] ?? node;
  const at = node ? lines.position(node.offset) : undefined;
  return new ConfigError(filePath, at?.line, at?.column, message);
}

/** A schema problem in words, with the path of the value at fault (`segments`) and of the key to point at (`path`). */
function describeSchemaProblem(problem: ErrorObject): { segments: string[]; path: string[]; message: string } {
  const segments = problem.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const key = segments.join(".") || "(root)";
  if (problem.keyword === "additionalProperties") {
    const extra = (problem.params as { additionalProperty: string }).additionalProperty;
    const extraKey = [...segments, extra].join(".");
    const known = segments.length === 1 && segments[0] === "rules" ? ` (known rules: ${RULE_IDS.join(", ")})` : "";
    const message =
      segments.length === 0 ? `unknown key "${extra}"` : `unknown ${segments[0] === "rules" && segments.length === 1 ? "rule" : "key"} "${extraKey}"${known}`;
    return { segments, path: [...segments, extra], message };
  }
  if (problem.keyword === "enum") {
    return { segments, path: segments, message: `"${key}" must be one of ${(problem.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}` };
  }
  return { segments, path: segments, message: `"${key}" ${problem.message ?? "is invalid"}` };
}

/**
 * Effective rule settings: each rule's defaults, then the config file's `rules`, then, for `filePath`, the default
 * overrides and the config's `overrides` that match it, then command-line overrides. Without `filePath` no override
 * applies (settings for no file in particular).
 */
export function resolveRuleSettings(config: ConfigFile | undefined, overrides: Partial<Record<RuleId, Severity>> = {}, filePath?: string): RuleSettings {
  const layers = [config?.rules ?? {}, ...(filePath ? matchingOverrides(config, filePath).map((override) => override.rules) : [])];
  const settings = new Map<RuleId, RuleSetting>();
  for (const rule of RULES) {
    let severity: Severity = rule.meta.defaultSeverity;
    let userOptions: Record<string, unknown> = {};
    for (const layer of layers) {
      const configured = layer[rule.meta.id];
      if (configured === undefined) continue;
      if (!Array.isArray(configured)) severity = toSeverity(configured) ?? severity;
      else {
        severity = toSeverity(configured[0]) ?? severity;
        // A severity alone keeps the options given before it; new options replace them whole, as in `rules`.
        if (configured[1]) userOptions = configured[1];
      }
    }
    severity = overrides[rule.meta.id] ?? severity;
    settings.set(rule.meta.id, { severity, options: { ...(rule.meta.defaultOptions as object), ...userOptions } });
  }
  return settings;
}

/** The overrides that apply to a file, in the order they apply: the defaults, then the config's own. */
export function matchingOverrides(config: ConfigFile | undefined, filePath: string): ConfigOverride[] {
  const absolute = path.resolve(filePath);
  const matched: ConfigOverride[] = [];
  const defaultBase = overrideBaseDir(config, absolute);
  if (defaultBase) for (const override of DEFAULT_OVERRIDES) if (globsMatch(override.files, defaultBase, absolute)) matched.push(override);
  if (config) for (const override of config.overrides) if (globsMatch(override.files, config.dir, absolute)) matched.push(override);
  return matched;
}

/** Files whose folder marks the root of a project, for the default overrides when no config file applies. */
const PROJECT_MARKERS = [CONFIG_FILE_NAME, PYPROJECT_FILE_NAME, "package.json", "tsconfig.json", "jsconfig.json", "setup.py", "setup.cfg", ".git"];

/**
 * What the default overrides' globs are relative to: the config's folder, or the nearest folder above the file that
 * holds a project marker (package.json, pyproject.toml, .git, ...) when that is deeper. Only folders inside the
 * project count: a checkout under `/home/me/tests/app` is not all test files, nor is this repository's
 * `test/cli/fixtures/typed` project. Undefined (no default override) when nothing marks a project.
 */
function overrideBaseDir(config: ConfigFile | undefined, absolute: string): string | undefined {
  const stop = config?.dir;
  const fileDir = path.dirname(absolute);
  // Asked for every linted file: remembered per folder and config folder.
  const key = `${stop ?? ""}\0${fileDir}`;
  if (baseDirs.has(key)) return baseDirs.get(key);
  let base: string | undefined;
  for (let dir = fileDir; ; ) {
    if (dir === stop || isProjectRoot(dir)) {
      base = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      base = stop;
      break;
    }
    dir = parent;
  }
  baseDirs.set(key, base);
  return base;
}

// Asked once per linted file, for each folder above it: remembered per folder (a run's folders do not change).
const projectRoots = new Map<string, boolean>();
const baseDirs = new Map<string, string | undefined>();

/** Forget which folders are project roots (a long-running host, when files may have been added). */
export function forgetProjectRoots(): void {
  projectRoots.clear();
  baseDirs.clear();
}

function isProjectRoot(dir: string): boolean {
  let root = projectRoots.get(dir);
  if (root === undefined) projectRoots.set(dir, (root = PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)))));
  return root;
}

const globMatchers = new Map<string, Ignore>();
/** The same, found by the globs array itself first (a config's override keeps its array): no key to build per file. */
const globMatchersByArray = new WeakMap<readonly string[], Ignore>();

function globsMatch(globs: readonly string[], baseDir: string, absolute: string): boolean {
  const relative = path.relative(baseDir, absolute);
  if (!relative || relative.startsWith("..") || path.isAbsolute(relative)) return false;
  let matcher = globMatchersByArray.get(globs);
  if (!matcher) {
    const key = globs.join("\0");
    matcher = globMatchers.get(key);
    if (!matcher) globMatchers.set(key, (matcher = ignore({ allowRelativePaths: true }).add([...globs])));
    globMatchersByArray.set(globs, matcher);
  }
  return matcher.ignores(path.sep === "/" ? relative : relative.split(path.sep).join("/"));
}

/** Finds the nearest config for each file (nearest wins, no merging), caching per folder. */
export class ConfigResolver {
  private readonly byDir = new Map<string, ConfigFile | undefined>();

  /** `explicit`: a config file given on the command line replaces the search. */
  constructor(private readonly explicit?: ConfigFile) {}

  configFor(filePath: string): ConfigFile | undefined {
    if (this.explicit) return this.explicit;
    return this.configInDir(path.dirname(path.resolve(filePath)));
  }

  private configInDir(dir: string): ConfigFile | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    const pyproject = path.join(dir, PYPROJECT_FILE_NAME);
    // In one folder async-lint.json wins; a pyproject.toml without [tool.async-lint] does not stop the search.
    let found: ConfigFile | undefined;
    if (fs.existsSync(candidate)) found = loadConfigFile(candidate);
    else if (fs.existsSync(pyproject)) found = parsePyprojectText(pyproject, readConfigText(pyproject));
    if (!found) {
      const parent = path.dirname(dir);
      found = parent !== dir ? this.configInDir(parent) : undefined;
    }
    this.byDir.set(dir, found);
    return found;
  }
}
