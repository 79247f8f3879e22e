import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { type ErrorObject } from "ajv";
import { findNodeAtLocation, type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import type { RuleSetting, RuleSettings } from "./engine";
import { type RuleId, RULE_IDS, SEVERITIES, type Severity } from "./model";
import { RULES } from "./registry";
import { LineIndex } from "./text";

export const CONFIG_FILE_NAME = "async-lint.json";
export const SCHEMA_URL = "https://raw.githubusercontent.com/async-lint/async-lint/main/schema/async-lint.schema.json";

export type RuleConfigValue = Severity | [Severity] | [Severity, Record<string, unknown>];

export interface ConfigFile {
  /** Absolute path of the config file. */
  path: string;
  /** Folder the config's relative globs are resolved from. */
  dir: string;
  rules: Partial<Record<RuleId, RuleConfigValue>>;
  ignores: string[];
}

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
  const severity = { enum: [...SEVERITIES], description: "off, info, warning or error." };
  const ruleProperties: Record<string, unknown> = {};
  for (const rule of RULES) {
    ruleProperties[rule.meta.id] = {
      description: `${rule.meta.description} Default: ${rule.meta.defaultSeverity}.`,
      oneOf: [
        severity,
        { type: "array", items: [severity], minItems: 1, maxItems: 1 },
        { type: "array", items: [severity, rule.meta.optionsSchema], minItems: 2, maxItems: 2 },
      ],
    };
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: SCHEMA_URL,
    title: "async-lint configuration",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      rules: {
        type: "object",
        description: "Severity and options per rule: \"off\" | \"info\" | \"warning\" | \"error\", or [severity, options].",
        properties: ruleProperties,
        additionalProperties: false,
      },
      ignores: {
        type: "array",
        description: "Globs, relative to this file's folder, of files and folders not to lint (gitignore syntax).",
        items: { type: "string" },
      },
    },
  };
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
  const config = value as { rules?: ConfigFile["rules"]; ignores?: string[] };
  return { path: filePath, dir: path.dirname(filePath), rules: config.rules ?? {}, ignores: config.ignores ?? [] };
}

export function loadConfigFile(filePath: string): ConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(filePath, "utf8");
  } catch (error) {
    throw new ConfigError(filePath, undefined, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseConfigText(filePath, text);
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
  const segments = problem.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const jsonPath = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let key = segments.join(".") || "(root)";
  let node = findNodeAtLocation(tree, jsonPath);
  let message: string;
  if (problem.keyword === "additionalProperties") {
    const extra = (problem.params as { additionalProperty: string }).additionalProperty;
    key = [...segments, extra].join(".");
    node = findNodeAtLocation(tree, [...jsonPath, extra])?.parent?.children?.[0] ?? node;
    const known = segments.length === 1 && segments[0] === "rules" ? ` (known rules: ${RULE_IDS.join(", ")})` : "";
    message = segments.length === 0 ? `unknown key "${extra}"` : `unknown ${segments[0] === "rules" && segments.length === 1 ? "rule" : "key"} "${key}"${known}`;
  } else if (problem.keyword === "enum") {
    message = `"${key}" must be one of ${(problem.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  } else {
    message = `"${key}" ${problem.message ?? "is invalid"}`;
  }
  const at = node ? lines.position(node.offset) : undefined;
  return new ConfigError(filePath, at?.line, at?.column, message);
}

/** Effective rule settings: each rule's defaults, then the config file, then command-line overrides. */
export function resolveRuleSettings(config: ConfigFile | undefined, overrides: Partial<Record<RuleId, Severity>> = {}): RuleSettings {
  const settings = new Map<RuleId, RuleSetting>();
  for (const rule of RULES) {
    const configured = config?.rules[rule.meta.id];
    let severity: Severity = rule.meta.defaultSeverity;
    let userOptions: Record<string, unknown> = {};
    if (typeof configured === "string") severity = configured;
    else if (Array.isArray(configured)) {
      severity = configured[0];
      userOptions = configured[1] ?? {};
    }
    severity = overrides[rule.meta.id] ?? severity;
    settings.set(rule.meta.id, { severity, options: { ...(rule.meta.defaultOptions as object), ...userOptions } });
  }
  return settings;
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
    let found: ConfigFile | undefined;
    if (fs.existsSync(candidate)) found = loadConfigFile(candidate);
    else {
      const parent = path.dirname(dir);
      found = parent !== dir ? this.configInDir(parent) : undefined;
    }
    this.byDir.set(dir, found);
    return found;
  }
}
