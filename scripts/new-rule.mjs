// Scaffolds a rule: `npm run new-rule -- <rule-id> [--lang ts,py]`.
// Writes rules/<rule-id>/ (meta, one detector per language, rule, test, fixtures, README), registers the rule in
// rules/core/registry.ts (its import and its entry), then regenerates the generated docs (the README rule tables and
// CLI help, the rule README's header and options, the config schema) with test/docs.test.ts. The new folder passes
// its own tests and the docs checks as written; test/new-rule.test.ts proves it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const REGISTRY = join(ROOT, "rules/core/registry.ts");
const LANGUAGES = { ts: "typescript", typescript: "typescript", js: "typescript", py: "python", python: "python" };
const USAGE = "usage: npm run new-rule -- <rule-id> [--lang ts,py]   (rule-id: lowercase words joined by '-', e.g. no-sync-sleep)";

function fail(message) {
  console.error(`new-rule: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  let id;
  let lang = "ts,py";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--lang") lang = argv[++i] ?? fail(USAGE);
    else if (arg.startsWith("--lang=")) lang = arg.slice("--lang=".length);
    else if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("-") || id !== undefined) fail(`unexpected argument '${arg}'\n${USAGE}`);
    else id = arg;
  }
  if (id === undefined) fail(USAGE);
  // The fixture harness reads `expect: <rule-id>` as lowercase letters and dashes.
  if (!/^[a-z]+(-[a-z]+)*$/.test(id)) fail(`'${id}' is not a rule id: lowercase words joined by '-'`);
  const languages = [...new Set(lang.split(",").map((name) => LANGUAGES[name.trim()] ?? fail(`unknown language '${name}' (ts, py)`)))];
  return { id, languages };
}

const camelCase = (id) => id.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
const pascalCase = (id) => camelCase(id).replace(/^[a-z]/, (letter) => letter.toUpperCase());

function ruleFiles(id, languages) {
  const camel = camelCase(id);
  const pascal = pascalCase(id);
  const ts = languages.includes("typescript");
  const py = languages.includes("python");
  const files = {};

  files["meta.ts"] = `import type { RuleMeta } from "../core/model";

export type ${pascal}Options = Record<string, never>;

export type ${pascal}MessageId = "${camel}";

export const meta: RuleMeta<${pascal}MessageId, ${pascal}Options, "${id}"> = {
  id: "${id}",
  description: "TODO: what the rule flags, in one line.",
  why: "TODO: why it matters, in one or two sentences.",
  defaultSeverity: "warning",
  languages: [${languages.map((l) => `"${l}"`).join(", ")}],
  typeInformation: "none",
  fixable: "none",
  messages: {
    ${camel}: "TODO: what is wrong with \`{{callee}}()\` and what to do instead.",
  },
  // Each option's description is its documentation: the README's options section is generated from it.
  optionsSchema: { type: "object", additionalProperties: false, properties: {} },
  defaultOptions: {},
};
`;

  if (ts) {
    files["typescript.ts"] = `import ts from "typescript";
import type { TsDetector } from "../lang/typescript/detector";
import type { ${pascal}MessageId, ${pascal}Options } from "./meta";

/** TODO: the rule's own check. This example reports calls of a function named \`replaceMe\`. */
export const detect${pascal}: TsDetector<${pascal}MessageId, ${pascal}Options> = (context) => ({
  [ts.SyntaxKind.CallExpression]: (node: ts.Node) => {
    const call = node as ts.CallExpression;
    if (!ts.isIdentifier(call.expression) || call.expression.text !== "replaceMe") return;
    context.report({
      range: { start: call.getStart(context.sourceFile), end: call.end },
      messageId: "${camel}",
      data: { callee: call.expression.text },
    });
  },
});
`;
    files["fixtures/replace-me.ts"] = `declare function replaceMe(): void;
declare function keepMe(): void;

replaceMe(); // expect: ${id}
keepMe();
`;
  }

  if (py) {
    files["python.ts"] = `import type { PyDetector } from "../lang/python/detector";
import type { ${pascal}MessageId, ${pascal}Options } from "./meta";

/** TODO: the rule's own check. This example reports calls of a function named \`replace_me\`. */
export const detectPython${pascal}: PyDetector<${pascal}MessageId, ${pascal}Options> = (context) => ({
  call(call) {
    const callee = call.child("function");
    if (callee?.type !== "identifier" || callee.text !== "replace_me") return;
    context.report({ range: call.range, messageId: "${camel}", data: { callee: callee.text } });
  },
});
`;
    files["fixtures/python/replace-me.py"] = `def replace_me() -> None: ...


def keep_me() -> None: ...


replace_me()  # expect: ${id}
keep_me()
`;
  }

  const detectors = [ts && `typescript: detect${pascal}`, py && `python: detectPython${pascal}`].filter(Boolean).join(", ");
  files["rule.ts"] = `import { defineRule } from "../core/rule";
import { meta } from "./meta";
${ts ? `import { detect${pascal} } from "./typescript";\n` : ""}${py ? `import { detectPython${pascal} } from "./python";\n` : ""}
export default defineRule({ meta, detectors: { ${detectors} } });
`;

  files["rule.test.ts"] = `import { ruleSuite } from "../core/testing/suite";

ruleSuite("${id}", __dirname);
`;

  const examples = [
    ts && "```ts invalid\nreplaceMe();\n```\n\n```ts valid\nkeepMe();\n```",
    py && "```py invalid\nreplace_me()\n```\n\n```py valid\nkeep_me()\n```",
  ].filter(Boolean);
  files["README.md"] = `<!-- header:start (generated from meta.ts by test/docs.test.ts) -->
<!-- header:end -->

## What it does

TODO: what the rule reports, and what it leaves alone.

## Why is this bad?

TODO

## Examples

${examples.join("\n\n")}

## Options

<!-- options:start (generated from meta.ts by test/docs.test.ts) -->
<!-- options:end -->

## Fix

None.

## When not to use it

TODO
`;
  return files;
}

/** Adds the rule's import after the last rule import and its entry at the end of REGISTERED. */
function register(registry, id) {
  const camel = camelCase(id);
  const lines = registry.split("\n");
  const lastImport = lines.findLastIndex((line) => /^import \w+ from "\.\.\/[a-z-]+\/rule";$/.test(line));
  const listStart = lines.indexOf("const REGISTERED = [");
  const listEnd = lines.indexOf("] as const;", listStart);
  if (lastImport < 0 || listStart < 0 || listEnd < 0) fail("rules/core/registry.ts no longer has the shape new-rule edits: register the rule by hand");
  lines.splice(listEnd, 0, `  ${camel},`);
  lines.splice(lastImport + 1, 0, `import ${camel} from "../${id}/rule";`);
  return lines.join("\n");
}

const { id, languages } = parseArgs(process.argv.slice(2));
const ruleDir = join(ROOT, "rules", id);
if (existsSync(ruleDir)) fail(`rules/${id} already exists`);

for (const [name, text] of Object.entries(ruleFiles(id, languages))) {
  mkdirSync(dirname(join(ruleDir, name)), { recursive: true });
  writeFileSync(join(ruleDir, name), text);
}
writeFileSync(REGISTRY, register(readFileSync(REGISTRY, "utf8"), id));
console.log(`new-rule: wrote rules/${id}/ and registered it in rules/core/registry.ts`);

// The generated docs now include the rule: let the docs test write them.
const docs = spawnSync(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "test/docs.test.ts"], {
  cwd: ROOT,
  env: { ...process.env, UPDATE_DOCS: "1" },
  encoding: "utf8",
});
if (docs.status !== 0) fail(`regenerating the docs failed:\n${docs.stdout}${docs.stderr}`);
console.log("new-rule: regenerated the README rule table and CLI help, the rule's README header and options, and the config schema");
console.log(`next: fill in the TODOs, then \`npx vitest run rules/${id} test/docs.test.ts\``);
