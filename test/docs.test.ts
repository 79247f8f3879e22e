// The docs' generated parts (test/generated-docs.ts) are current: the README's rule table and CLI help, each rule
// README's header and options, and the config schema. `UPDATE_DOCS=1 npx vitest run test/docs.test.ts` rewrites them.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../rules/core/config";
import { RULES } from "../rules/core/registry";
import { cliHelpBlock, configSchemaText, extensionCommandsTable, extensionSettingsTable, ruleHeader, ruleOptions, ruleTable, withBlock } from "./generated-docs";

const root = path.resolve(__dirname, "..");
const UPDATE = process.env.UPDATE_DOCS === "1";

/** `text` with each named block's content replaced; a file without a block's markers fails. */
function withBlocks(filePath: string, text: string, blocks: [name: string, content: string][]): string {
  let out = text;
  for (const [name, content] of blocks) {
    const next = withBlock(out, name, content);
    if (next === undefined) throw new Error(`${path.relative(root, filePath)} lacks the <!-- ${name}:start --> and <!-- ${name}:end --> markers`);
    out = next;
  }
  return out;
}

/** Checks the file reads `expected`; with UPDATE_DOCS=1, writes it instead. */
function expectCurrent(filePath: string, expected: string): void {
  const current = fs.readFileSync(filePath, "utf8");
  if (UPDATE && current !== expected) {
    fs.writeFileSync(filePath, expected);
    return;
  }
  expect(current, `${path.relative(root, filePath)} is out of date: run UPDATE_DOCS=1 npx vitest run test/docs.test.ts`).toBe(expected);
}

describe("README", () => {
  const readmePath = path.join(root, "README.md");

  it("has the rule table generated from the registry and the CLI help printed by --help", () => {
    const readme = fs.readFileSync(readmePath, "utf8");
    expectCurrent(
      readmePath,
      withBlocks(readmePath, readme, [
        ["rules", ruleTable()],
        ["cli", cliHelpBlock()],
      ]),
    );
  });

  it("every registered rule has its docs page", () => {
    for (const rule of RULES) expect(fs.existsSync(path.join(root, "rules", rule.meta.id, "README.md")), rule.meta.id).toBe(true);
  });

  it("shows the two quick-start commands", () => {
    const readme = fs.readFileSync(readmePath, "utf8");
    expect(readme).toContain("npm ci && npx async-lint examples");
    expect(readme).toContain("npm test");
  });
});

describe("client/README.md (the VS Code extension's details page)", () => {
  const readmePath = path.join(root, "client/README.md");

  it("has the rule table, and the settings and commands from package.json", () => {
    const readme = fs.readFileSync(readmePath, "utf8");
    expectCurrent(
      readmePath,
      withBlocks(readmePath, readme, [
        ["rules", ruleTable("../rules")],
        ["settings", extensionSettingsTable()],
        ["commands", extensionCommandsTable()],
      ]),
    );
  });

  it("shows the editor screenshot", () => {
    expect(fs.readFileSync(readmePath, "utf8")).toContain("](../docs/images/quick-fix.png)");
    expect(fs.existsSync(path.join(root, "docs/images/quick-fix.png"))).toBe(true);
  });
});

describe("CHANGELOG.md", () => {
  it("starts with the version in package.json", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    const [latest] = fs.readFileSync(path.join(root, "CHANGELOG.md"), "utf8").match(/^## .*$/m) ?? [];
    expect(latest).toMatch(new RegExp(`^## ${version.replace(/\./g, "\\.")}( |$)`));
  });
});

describe.each(RULES.map((rule) => [rule.meta.id, rule] as const))("rules/%s/README.md", (id, rule) => {
  const readmePath = path.join(root, "rules", id, "README.md");

  it("has the header and options generated from meta.ts", () => {
    const readme = fs.readFileSync(readmePath, "utf8");
    expectCurrent(
      readmePath,
      withBlocks(readmePath, readme, [
        ["header", ruleHeader(rule.meta)],
        ["options", ruleOptions(rule.meta)],
      ]),
    );
  });

  it("has option examples that are valid configs", () => {
    const readme = fs.readFileSync(readmePath, "utf8");
    const examples = [...readme.matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => m[1]);
    for (const example of examples) expect(() => parseConfigText(path.join(root, "async-lint.json"), example)).not.toThrow();
    if (Object.keys((rule.meta.optionsSchema.properties ?? {}) as object).length > 0) expect(examples.length, "an example config with the options").toBeGreaterThan(0);
  });
});

describe("schema/async-lint.schema.json", () => {
  it("is generated from the registry (as `npm run schema` writes it)", () => {
    expectCurrent(path.join(root, "schema/async-lint.schema.json"), configSchemaText());
  });
});
