// The standard test suite of a rule, from its fixtures and its README's examples. A rule's test file is:
//   import { ruleSuite } from "../core/testing/suite"; ruleSuite("rule-id", __dirname);
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initPython } from "../../lang/python/parser";
import { fixesOf } from "../fixes";
import type { RuleId } from "../model";
import { ruleById } from "../registry";
import {
  applyAllFixes,
  describeExpectations,
  describeFindings,
  firstSafeFix,
  firstSuggestion,
  lintFixture,
  listFixtures,
  type Mode,
  parseExpectations,
  programOf,
  syntaxErrorsOf,
  typeErrorsWithText,
} from "./fixtures";
import { readmeExamples } from "./readme";

/**
 * `UPDATE_FIXTURES=1 npx vitest run rules/<id>` writes fix outputs for review (read every one before committing).
 * A typed-mode output is only written when it differs from the syntax-mode one.
 */
function writeOutput(target: string, output: string, original: string, sharedPath?: string): void {
  if (sharedPath && fs.existsSync(sharedPath) && fs.readFileSync(sharedPath, "utf8") === output) return;
  if (sharedPath && !fs.existsSync(sharedPath) && output === original) return;
  if (output === original) fs.rmSync(target, { force: true });
  else fs.writeFileSync(target, output);
}

export function ruleSuite(ruleId: RuleId, ruleDir: string): void {
  const rule = ruleById(ruleId)!;
  const fixtures = listFixtures(ruleDir);
  const readmePath = path.join(ruleDir, "README.md");
  const examples = fs.existsSync(readmePath) ? readmeExamples(fs.readFileSync(readmePath, "utf8")) : [];
  // The Python parser loads asynchronously, once per test file.
  if (fixtures.some((f) => f.filePath.endsWith(".py")) || examples.some((e) => e.language === "py")) beforeAll(() => initPython());
  // Syntax mode runs first for every fixture, so typed-mode outputs can be compared against the shared file.

  describe(`${ruleId}: fixtures`, () => {
    it("has positive and negative fixtures", () => {
      expect(fixtures.length).toBeGreaterThan(0);
    });
    for (const fixture of fixtures) {
      const name = path.relative(ruleDir, fixture.filePath);
      const text = fs.readFileSync(fixture.filePath, "utf8");
      const modes: Mode[] = fixture.tsconfigPath ? ["syntax", "typed"] : ["syntax"];
      for (const mode of modes) {
        const program = fixture.tsconfigPath ? programOf(fixture.tsconfigPath) : undefined;
        const lint = (source: string) => lintFixture(ruleId, fixture.filePath, source, mode, program);

        it(`${name} [${mode}]: exactly the expected findings`, () => {
          const result = lint(text);
          expect(result.internalErrors).toEqual([]);
          if (mode === "typed") expect(result.typed).toBe(true);
          expect(describeFindings(result.findings)).toEqual(describeExpectations(parseExpectations(text, mode), rule.meta.defaultSeverity));
        });

        it(`${name} [${mode}]: fixes built only when asked, safe ones only where the rule said they may be`, () => {
          for (const finding of lint(text).findings) {
            // Findings come from the engine with their fixes pending (a rule's producer), never built.
            if (Array.isArray(finding.fixes)) {
              expect(finding.fixes, `${finding.location.line}: fixes built eagerly`).toEqual([]);
              continue;
            }
            // Stylish's "potentially fixable" count builds only the fixes of findings that may have a safe one.
            const { maySafelyFix } = finding.fixes;
            if (!maySafelyFix) expect(fixesOf(finding).filter((fix) => fix.safety === "safe"), `${finding.location.line}: safe fix without maySafelyFix`).toEqual([]);
          }
        });

        const ext = path.extname(fixture.filePath);
        const base = fixture.filePath.slice(0, -ext.length);
        for (const [kind, pick] of [
          ["fixed", firstSafeFix],
          ["suggested", firstSuggestion],
        ] as const) {
          it(`${name} [${mode}]: ${kind} output`, () => {
            // Fix outputs are checked in syntax mode (typed mode's program holds the original text).
            const lintForFix = (source: string) => (source === text ? lint(source) : lintFixture(ruleId, fixture.filePath, source, "syntax"));
            const { text: output } = applyAllFixes(lintForFix, text, pick, kind === "fixed" ? 10 : 1);
            const typedPath = `${base}.${kind}.typed${ext}`;
            const expectedPath = mode === "typed" && fs.existsSync(typedPath) ? typedPath : `${base}.${kind}${ext}`;
            if (process.env.UPDATE_FIXTURES === "1") writeOutput(mode === "typed" ? typedPath : expectedPath, output, text, mode === "typed" ? `${base}.${kind}${ext}` : undefined);
            if (output === text) {
              expect(fs.existsSync(expectedPath), `${expectedPath} should not exist: no ${kind} edits apply`).toBe(false);
              return;
            }
            expect(fs.existsSync(expectedPath), `missing ${expectedPath}`).toBe(true);
            expect(output).toBe(fs.readFileSync(expectedPath, "utf8"));
            expect(syntaxErrorsOf(fixture.filePath, output)).toEqual([]);
            if (kind === "fixed") {
              // Idempotent: a second --fix changes nothing.
              expect(applyAllFixes((source) => lintFixture(ruleId, fixture.filePath, source, "syntax"), output, firstSafeFix).text).toBe(output);
              if (fixture.tsconfigPath && mode === "typed") {
                expect(typeErrorsWithText(fixture.tsconfigPath, fixture.filePath, output)).toEqual(typeErrorsWithText(fixture.tsconfigPath, fixture.filePath, text));
              }
            }
          });
        }
      }
    }
  });

  describe(`${ruleId}: README examples`, () => {
    it("has invalid and valid examples", () => {
      expect(examples.some((e) => e.kind === "invalid")).toBe(true);
      expect(examples.some((e) => e.kind === "valid")).toBe(true);
    });
    examples.forEach((example, index) => {
      it(`example ${index + 1} (${example.kind}, line ${example.line}) gives ${example.kind === "invalid" ? "exactly one finding" : "no finding"}`, () => {
        const result = lintFixture(ruleId, path.join(ruleDir, `README.example${index + 1}.${example.language}`), example.code, "syntax");
        expect(result.findings.map((f) => f.ruleId)).toEqual(example.kind === "invalid" ? [ruleId] : []);
      });
    });
  });
}
