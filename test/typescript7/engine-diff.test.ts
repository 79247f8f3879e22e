// --engine ts7 against the TypeScript 6 engine on every typed fixture of every rule: the findings of each, diffed.
// Every rule asks its type questions through type-questions.ts (test/typescript7/seam-guard.test.ts keeps it so),
// so both engines must agree exactly. A difference that is TypeScript 6 and 7 disagreeing (not the engine) would be
// listed in ALLOWED_DIFFERENCES with its reason and a minimal case showing it; there is none.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lintSource } from "../../rules/core/engine";
import type { RuleId } from "../../rules/core/model";
import { fixtureOptions, fixtureSources, lintFixture, listFixtures, programOf, settingsFor } from "../../rules/core/testing/fixtures";
import { loadTypeScript7, TypeScript7Engine } from "../../rules/lang/typescript/typescript7-questions";

const RULES_DIR = path.join(__dirname, "..", "..", "rules");
const RULES_WITH_TYPED_FIXTURES: RuleId[] = ["no-blocking-call", "no-misused-async", "no-unawaited-call", "prefer-concurrent-awaits", "require-concurrency-limit", "require-timeout"];

const loaded = loadTypeScript7();
if (!loaded.ok) throw new Error(loaded.reason);
const engine = new TypeScript7Engine(loaded.api, loaded.syntaxKind, RULES_DIR);
afterAll(() => engine.close());

const typedFixtures = fs
  .readdirSync(RULES_DIR)
  .flatMap((ruleId) => listFixtures(path.join(RULES_DIR, ruleId)).map((fixture) => ({ ruleId: ruleId as RuleId, ...fixture })))
  .filter((fixture) => fixture.tsconfigPath && /\.[cm]?[jt]sx?$/.test(fixture.filePath));

/** `file:line rule-id` for each finding (several on a line: repeated). */
function findingKeys(filePath: string, findings: readonly { ruleId: string | null; location: { line: number } }[]): string[] {
  const relative = path.relative(RULES_DIR, filePath);
  return findings.map((f) => `${relative}:${f.location.line} ${f.ruleId}`).sort();
}

function diff(ts6: string[], ts7: string[]): string[] {
  const left = [...ts7];
  const out: string[] = [];
  for (const key of ts6) {
    const at = left.indexOf(key);
    if (at >= 0) left.splice(at, 1);
    else out.push(`ts6 only: ${key}`);
  }
  return [...out, ...left.map((key) => `ts7 only: ${key}`)];
}

const differences: string[] = [];

describe("TypeScript 7 engine against TypeScript 6, typed fixtures", () => {
  it("has typed fixtures of every rule that asks type questions", () => {
    for (const ruleId of RULES_WITH_TYPED_FIXTURES) expect(typedFixtures.some((f) => f.ruleId === ruleId)).toBe(true);
  });

  for (const fixture of typedFixtures) {
    // The first fixture of a project builds its TypeScript 6 program and opens it in TypeScript 7.
    it(`${fixture.ruleId}: ${path.relative(RULES_DIR, fixture.filePath)}`, { timeout: 120_000 }, () => {
      const text = fs.readFileSync(fixture.filePath, "utf8");
      const ts6 = lintFixture(fixture.ruleId, fixture.filePath, text, "typed", programOf(fixture.tsconfigPath!));
      const typeQuestions = engine.questionsFor(fixture.tsconfigPath!, fixture.filePath, text);
      expect(typeQuestions).toBeDefined();
      const ts7 = lintSource({
        filePath: fixture.filePath,
        text,
        rules: settingsFor(fixture.ruleId, fixtureOptions(text)),
        typeQuestions,
        sources: fixtureSources(fixture.filePath),
      });
      expect(ts6.typed && ts7.typed).toBe(true);
      expect(ts7.internalErrors).toEqual([]);
      const found = diff(findingKeys(fixture.filePath, ts6.findings), findingKeys(fixture.filePath, ts7.findings));
      differences.push(...found);
    });
  }

  it("finds the same findings with both engines (or only the allowed differences)", () => {
    expect(differences.sort()).toEqual(ALLOWED_DIFFERENCES);
  });
});

// `ts6 only: <file>:<line> <rule>` or `ts7 only: ...`, sorted as the test sorts, each with a comment giving the
// TypeScript 6/7 difference behind it and a minimal case. Empty: the engines agree on every typed fixture.
const ALLOWED_DIFFERENCES: string[] = [];
