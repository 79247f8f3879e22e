import { describe, expect, it } from "vitest";
import { lintSource } from "./engine";
import { resolveRuleSettings } from "./config";

const rules = resolveRuleSettings(undefined);
const header = `import fs from "node:fs";\n`;

function lint(body: string, reportUnusedDirectives: "warning" | "off" = "off") {
  const text = header + body;
  return lintSource({ filePath: "/virtual/file.ts", text, rules, reportUnusedDirectives }).findings.map(
    (f) => `${f.location.line}:${f.location.column} ${f.ruleId ?? "directive"} ${f.severity} ${f.ruleId ? "" : f.message}`.trim(),
  );
}

describe("suppression comments", () => {
  it("reports a blocking call when nothing suppresses it", () => {
    expect(lint(`export async function f() {\n  fs.readFileSync("a");\n}\n`)).toEqual(["3:3 no-blocking-call error"]);
  });

  it("disable-next-line with a rule and a reason suppresses the next line only", () => {
    const body = `export async function f() {\n  // async-lint-disable-next-line no-blocking-call -- read once, tiny file\n  fs.readFileSync("a");\n  fs.readFileSync("b");\n}\n`;
    expect(lint(body)).toEqual(["5:3 no-blocking-call error"]);
  });

  it("disable-line suppresses findings on its own line, in block comment form too", () => {
    const body = `export async function f() {\n  fs.readFileSync("a"); // async-lint-disable-line no-blocking-call\n  fs.readFileSync("b"); /* async-lint-disable-line */\n}\n`;
    expect(lint(body)).toEqual([]);
  });

  it("a directive naming another rule does not suppress", () => {
    const body = `export async function f() {\n  fs.readFileSync("a"); // async-lint-disable-line require-timeout\n}\n`;
    expect(lint(body)).toEqual(["3:3 no-blocking-call error"]);
  });

  it("file-level disable applies from the comment on, until enable", () => {
    const body = `/* async-lint-disable no-blocking-call */\nexport async function f() {\n  fs.readFileSync("a");\n}\n/* async-lint-enable no-blocking-call */\nexport async function g() {\n  fs.readFileSync("b");\n}\n`;
    expect(lint(body)).toEqual(["8:3 no-blocking-call error"]);
  });

  it("text that only looks like a directive inside a string is not a directive", () => {
    const body = `export async function f() {\n  const s = "// async-lint-disable-next-line no-blocking-call";\n  fs.readFileSync(s);\n}\n`;
    expect(lint(body)).toEqual(["4:3 no-blocking-call error"]);
  });

  it("reports unused directives and unknown rule names when asked", () => {
    const body = `// async-lint-disable-next-line no-blocking-call\nconst x = 1;\n// async-lint-disable-next-line no-such-rule\nexport async function f() {\n  fs.readFileSync("a"); // async-lint-disable-line no-blocking-call\n}\n`;
    // A directive that names only an unknown rule is reported once, for the name.
    expect(lint(body, "warning")).toEqual([
      "2:33 directive warning Unused async-lint-disable-next-line directive (no problems were reported from 'no-blocking-call').",
      "4:33 directive warning Unknown rule 'no-such-rule' in async-lint directive.",
    ]);
  });

  it("does not report unused directives by default", () => {
    expect(lint(`// async-lint-disable-next-line no-blocking-call\nconst x = 1;\n`)).toEqual([]);
  });
});
