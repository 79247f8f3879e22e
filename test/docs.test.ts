// The README's rule table is generated from the registry; this test keeps them in step.
// `UPDATE_DOCS=1 npx vitest run test/docs.test.ts` rewrites the table.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../rules/core/registry";

const root = path.resolve(__dirname, "..");
const START = "<!-- rules:start (generated from rules/core/registry.ts by test/docs.test.ts) -->";
const END = "<!-- rules:end -->";

const LANGUAGE_NAMES = { typescript: "TS/JS", python: "Python" } as const;
const FIX_NAMES = { safe: "fix", suggestion: "suggestion", none: "" } as const;

export function ruleTable(): string {
  const rows = RULES.map((rule) => {
    const m = rule.meta;
    return `| [\`${m.id}\`](rules/${m.id}/README.md) | ${m.description} | ${m.languages.map((l) => LANGUAGE_NAMES[l]).join(", ")} | ${m.defaultSeverity} | ${FIX_NAMES[m.fixable]} |`;
  });
  return ["| Rule | What it flags | Languages | Default | Fix |", "|---|---|---|---|---|", ...rows].join("\n");
}

describe("README", () => {
  const readmePath = path.join(root, "README.md");
  const readme = fs.readFileSync(readmePath, "utf8");

  it("has the rule table generated from the registry", () => {
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, "README.md lacks the rules:start marker").toBeGreaterThan(-1);
    const current = readme.slice(start + START.length, end).trim();
    if (process.env.UPDATE_DOCS === "1" && current !== ruleTable()) {
      fs.writeFileSync(readmePath, readme.slice(0, start + START.length) + "\n" + ruleTable() + "\n" + readme.slice(end));
      return;
    }
    expect(current).toBe(ruleTable());
  });

  it("every registered rule has its docs page", () => {
    for (const rule of RULES) expect(fs.existsSync(path.join(root, "rules", rule.meta.id, "README.md")), rule.meta.id).toBe(true);
  });

  it("shows the two quick-start commands", () => {
    expect(readme).toContain("npm ci && npx async-lint examples");
    expect(readme).toContain("npm test");
  });
});
