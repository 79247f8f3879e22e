// What the docs repeat from the code, rendered from the code. test/docs.test.ts checks every generated block is
// current, and `UPDATE_DOCS=1 npx vitest run test/docs.test.ts` rewrites them: the README's rule table and CLI
// help, each rule README's header and options, the extension README's rules, settings and commands (from
// package.json), and schema/async-lint.schema.json.
import * as fs from "node:fs";
import * as path from "node:path";
import { buildProgram } from "../cli/args";
import { buildConfigSchema } from "../rules/core/config";
import type { JsonSchema, Language, RuleMeta } from "../rules/core/model";
import { RULES } from "../rules/core/registry";

/**
 * A generated block of a markdown file: `<!-- name:start (generated ...) -->`, the content, `<!-- name:end -->`.
 * Returns the text with the block's content replaced, or undefined when the file lacks the markers.
 */
export function withBlock(markdown: string, name: string, content: string): string | undefined {
  const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!pattern.test(markdown)) return undefined;
  return markdown.replace(pattern, (_, start: string, end: string) => `${start}\n${content}\n${end}`);
}

const LANGUAGE_SHORT_NAMES: Record<Language, string> = { typescript: "TS/JS", python: "Python" };
const TABLE_FIX_NAMES = { safe: "fix", suggestion: "suggestion", none: "" } as const;

/** The README's rule table; `rulesFolder` is the path from the README to rules/. */
export function ruleTable(rulesFolder = "rules"): string {
  const rows = RULES.map((rule) => {
    const m = rule.meta;
    return `| [\`${m.id}\`](${rulesFolder}/${m.id}/README.md) | ${m.description} | ${m.languages.map((l) => LANGUAGE_SHORT_NAMES[l]).join(", ")} | ${m.defaultSeverity} | ${TABLE_FIX_NAMES[m.fixable]} |`;
  });
  return ["| Rule | What it flags | Languages | Default | Fix |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** `async-lint --help` as printed to a pipe (commander's default width, 80 columns), in a text code block. */
export function cliHelpBlock(): string {
  let out = "";
  const program = buildProgram("0.0.0", { out: (text) => (out += text), err: () => {} });
  program.configureHelp({ helpWidth: 80 });
  program.outputHelp();
  return "```text\n" + out.trimEnd() + "\n```";
}

const LANGUAGE_NAMES: Record<Language, string> = { typescript: "TypeScript, JavaScript", python: "Python" };
const FIX_NAMES = { safe: "safe fix", suggestion: "suggestions", none: "none" } as const;

/** A rule README's header: title, description, and the table of what `meta` declares. */
export function ruleHeader(meta: RuleMeta): string {
  const noted = (key: keyof NonNullable<RuleMeta["headerNotes"]>, value: string) => {
    const note = meta.headerNotes?.[key];
    return note ? `${value} (${note})` : value;
  };
  return [
    `# ${meta.id}`,
    "",
    meta.description,
    "",
    "| | |",
    "|---|---|",
    `| Default severity | ${noted("defaultSeverity", meta.defaultSeverity)} |`,
    `| Languages | ${noted("languages", meta.languages.map((l) => LANGUAGE_NAMES[l]).join(", "))} |`,
    `| Type information | ${noted("typeInformation", meta.typeInformation)} |`,
    `| Fix | ${noted("fixable", FIX_NAMES[meta.fixable])} |`,
  ].join("\n");
}

/** A rule README's option list: each option's type, default and description, from the options schema. */
export function ruleOptions(meta: RuleMeta): string {
  const properties = propertiesOf(meta.optionsSchema);
  if (properties.length === 0) return "None.";
  const defaults = (meta.defaultOptions ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  for (const [name, schema] of properties) {
    const facts = [typeOf(schema)];
    if (name in defaults) facts.push(`default \`${JSON.stringify(defaults[name])}\``);
    lines.push(`- \`${name}\` (${facts.join(", ")}): ${descriptionOf(meta, name, schema)}`);
    // Arrays of objects: one line per field of an entry.
    const items = schema.items as JsonSchema | undefined;
    const required = new Set((items?.required as string[] | undefined) ?? []);
    for (const [field, fieldSchema] of items ? propertiesOf(items) : []) {
      const fieldFacts = [typeOf(fieldSchema), ...(required.has(field) ? ["required"] : [])];
      lines.push(`  - \`${field}\` (${fieldFacts.join(", ")}): ${descriptionOf(meta, `${name}[].${field}`, fieldSchema)}`);
    }
  }
  return lines.join("\n");
}

function propertiesOf(schema: JsonSchema): [string, JsonSchema][] {
  return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
}

function descriptionOf(meta: RuleMeta, name: string, schema: JsonSchema): string {
  if (typeof schema.description !== "string") throw new Error(`${meta.id}: option ${name} has no description in its options schema`);
  return schema.description;
}

function typeOf(schema: JsonSchema): string {
  switch (schema.type) {
    case "array": {
      const items = (schema.items ?? {}) as JsonSchema;
      return items.type ? `array of ${items.type}s` : "array";
    }
    case "integer":
    case "number": {
      const { minimum, maximum } = schema as { minimum?: number; maximum?: number };
      if (minimum !== undefined && maximum !== undefined) return `${schema.type} from ${minimum} to ${maximum}`;
      if (minimum !== undefined) return `${schema.type}, at least ${minimum}`;
      return String(schema.type);
    }
    default:
      // An enum without a type (`true`, `false` or `"info"`) lists its values.
      if (schema.type === undefined && Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(", ")}`;
      return String(schema.type);
  }
}

/** schema/async-lint.schema.json, as `npm run schema` writes it. */
export function configSchemaText(): string {
  return JSON.stringify(buildConfigSchema(), null, 2) + "\n";
}

interface ConfigurationProperty {
  type: string;
  default: unknown;
  description?: string;
  markdownDescription?: string;
  enum?: string[];
  enumDescriptions?: string[];
}

interface ExtensionContributions {
  configuration: { properties: Record<string, ConfigurationProperty> };
  commands: { command: string; title: string; category: string }[];
}

function contributions(): ExtensionContributions {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { contributes: ExtensionContributions };
  return manifest.contributes;
}

/** A table cell: no line breaks, no unescaped pipes. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The extension README's settings table, from package.json `contributes.configuration`. */
export function extensionSettingsTable(): string {
  const rows = Object.entries(contributions().configuration.properties).map(([name, property]) => {
    const values = !property.enum
      ? ""
      : property.enumDescriptions
        ? property.enum.map((value, i) => `<br>\`${value}\`: ${property.enumDescriptions![i]}`).join("")
        : ` One of ${property.enum.map((value) => `\`${value}\``).join(", ")}.`;
    return `| \`${name}\` | \`${cell(JSON.stringify(property.default))}\` | ${cell(property.markdownDescription ?? property.description ?? "")}${values} |`;
  });
  return ["| Setting | Default | What it does |", "|---|---|---|", ...rows].join("\n");
}

/** The extension README's commands table, from package.json `contributes.commands`. */
export function extensionCommandsTable(): string {
  const rows = contributions().commands.map((command) => `| ${command.category}: ${command.title} | \`${command.command}\` |`);
  return ["| Command palette | Command id |", "|---|---|", ...rows].join("\n");
}
