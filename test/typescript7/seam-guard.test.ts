// The type questions (rules/lang/typescript/type-questions.ts) are the only way from a rule to a type checker: a
// rule that called TypeScript 6's checker itself would give no answer under --engine ts7 (and findings that differ
// between the engines). Every source file under rules/ is scanned for a checker, its types and symbols, or the
// TypeScript 6 type helpers; only the engines behind the seam may use them.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");

/** The files behind the seam, each with why it may touch a checker. */
const ALLOWED: Record<string, string> = {
  "rules/lang/typescript/type-questions.ts": "the TypeScript 6 engine of the seam: its checker answers the questions",
  "rules/lang/typescript/typescript7-questions.ts": "the TypeScript 7 engine of the seam: its API's checker answers the questions",
  "rules/lang/typescript/promise-types.ts": "what a promise and a thenable are on TypeScript 6 types, for the TypeScript 6 engine",
  "rules/lang/typescript/type-specifiers.ts": "user type specifiers matched against TypeScript 6 types, for the TypeScript 6 engine",
};

/** Ways to a checker: the checker itself, its types, symbols and signatures, and the TypeScript 6 type helpers. */
const FORBIDDEN: { pattern: RegExp; what: string }[] = [
  { pattern: /\bgetTypeChecker\s*\(/, what: "program.getTypeChecker()" },
  { pattern: /\.checker\b/, what: "a `.checker` property" },
  { pattern: /\bts\.(TypeChecker|Type|Symbol|Signature|TypeReference|TupleType|TypeFlags|SymbolFlags|ObjectFlags|IndexKind|SignatureKind)\b/, what: "a TypeScript 6 checker type" },
  { pattern: /from "[./]*(lang\/typescript\/)?promise-types"/, what: "the TypeScript 6 promise type helpers" },
  { pattern: /\b(type|value)MatchesSpecifier\b/, what: "the TypeScript 6 specifier matching" },
];

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name === "fixtures" || entry.name === "node_modules") continue;
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourceFiles(relative));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) files.push(relative);
  }
  return files;
}

/** `file: what` for each way to a checker in a file not allowed one. */
function violations(files: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [file, text] of files) {
    if (file in ALLOWED) continue;
    for (const { pattern, what } of FORBIDDEN) if (pattern.test(text)) found.push(`${file}: ${what}`);
  }
  return found;
}

describe("the type questions are the only way to a checker", () => {
  const files = new Map(sourceFiles("rules").map((file) => [file, fs.readFileSync(path.join(ROOT, file), "utf8")]));

  it("scans every rule and the layers below them, and each allowed file exists", () => {
    expect(files.size).toBeGreaterThan(50);
    for (const file of Object.keys(ALLOWED)) expect(files.has(file), file).toBe(true);
    expect([...files.keys()].some((file) => file.startsWith("rules/no-misused-async/"))).toBe(true);
  });

  it("no file under rules/ but the engines behind the seam reaches a checker", () => {
    expect(violations(files)).toEqual([]);
  });

  it("catches planted violations", () => {
    const planted = new Map([
      ["rules/some-rule/typescript.ts", "const type = context.checker.getTypeAtLocation(node);"],
      ["rules/lang/typescript/other.ts", 'import { isThenableType } from "./promise-types";\nconst c = program.getTypeChecker();'],
      ["rules/other-rule/typescript.ts", "function f(type: ts.Type) {}"],
      ["rules/type-rule/typescript.ts", 'import { typeMatchesSpecifier } from "../lang/typescript/type-specifiers";'],
      ["rules/fine-rule/typescript.ts", 'import type { TypeOrValueSpecifier } from "../lang/typescript/type-specifiers";\nconst t = context.types?.isArrayLike(x);'],
    ]);
    expect(violations(planted)).toEqual([
      "rules/some-rule/typescript.ts: a `.checker` property",
      "rules/lang/typescript/other.ts: program.getTypeChecker()",
      "rules/lang/typescript/other.ts: the TypeScript 6 promise type helpers",
      "rules/other-rule/typescript.ts: a TypeScript 6 checker type",
      "rules/type-rule/typescript.ts: the TypeScript 6 specifier matching",
    ]);
  });
});
