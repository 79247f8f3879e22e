// --engine ts7 against the TypeScript 6 engine on every typed fixture of every rule: the findings of each, diffed.
// no-unawaited-call asks its type questions through type-questions.ts, so both engines must agree on it exactly.
// The other rules still call TypeScript 6's checker directly: under ts7 they run as in syntax mode, and the
// differences that makes are listed below, each one explained (they go when a rule moves to the type questions).
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lintSource } from "../../rules/core/engine";
import type { RuleId } from "../../rules/core/model";
import { fixtureOptions, fixtureSources, lintFixture, listFixtures, programOf, settingsFor } from "../../rules/core/testing/fixtures";
import { loadTypeScript7, TypeScript7Engine } from "../../rules/lang/typescript/typescript7-questions";

const RULES_DIR = path.join(__dirname, "..", "..", "rules");
const PORTED: RuleId[] = ["no-unawaited-call"];

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
  it("has typed fixtures of every ported rule to compare", () => {
    for (const ruleId of PORTED) expect(typedFixtures.some((f) => f.ruleId === ruleId)).toBe(true);
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
      if (PORTED.includes(fixture.ruleId)) expect(found).toEqual([]);
      differences.push(...found);
    });
  }

  it("lists the differences of the rules not ported yet (they run as in syntax mode under ts7)", () => {
    expect(differences.sort()).toEqual(EXPECTED_DIFFERENCES);
  });
});

// Each group: the rule's question that still goes to TypeScript 6's checker directly (the call to port), and what
// the rule does without it under ts7 (its syntax-mode analysis). Sorted as the test sorts.
const EXPECTED_DIFFERENCES: string[] = [
  // Call chains follow a callee into its declaration with checker.getSymbolAtLocation/getAliasedSymbol
  // (TsCrossFileCallees); the syntax-mode chains stop at a non-relative or aliased import.
  "ts6 only: no-blocking-call/fixtures/call-chains/project/cached-flags.ts:36 no-blocking-call",
  "ts6 only: no-blocking-call/fixtures/call-chains/project/handler.ts:13 no-blocking-call",
  "ts6 only: no-blocking-call/fixtures/typed/uses-helpers.ts:5 no-blocking-call",
  "ts6 only: no-blocking-call/fixtures/typed/uses-helpers.ts:6 no-blocking-call",
  "ts6 only: no-blocking-call/fixtures/typed/uses-helpers.ts:7 no-blocking-call",
  // Promise-valued conditions and returns in try (getTypeAtLocation + thenable test), async callbacks where a
  // void-returning function is expected (getResolvedSignature, parameter types, getContextualType): typed-only checks.
  "ts6 only: no-misused-async/fixtures/typed/typed-conditions.ts:10 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/typed-conditions.ts:11 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/typed-conditions.ts:12 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/typed-conditions.ts:23 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/typed-conditions.ts:8 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/typed-conditions.ts:9 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/typed-return-in-try.ts:24 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/typed-return-in-try.ts:6 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:10 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:13 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:14 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:22 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:26 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:33 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:39 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:45 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:54 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:63 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:79 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:85 no-misused-async",
  "ts6 only: no-misused-async/fixtures/typed/void-returns.ts:87 no-misused-async",
  // Tuple lengths and receiver types (getTypeAtLocation, isTupleType) and the resolver's alias resolution
  // (TsResolver with the checker): without them, a bounded tuple map is reported and an imported pool is not known.
  "ts6 only: require-concurrency-limit/fixtures/typed/api.ts:18 require-concurrency-limit",
  // Instance declarations and client defaults through getSymbolAtLocation/getAliasedSymbol and receiver types.
  "ts6 only: require-timeout/fixtures/typed/uses.ts:24 require-timeout",
  // Ordered receivers and already-settled values (hasOrderedType, getAwaitedType) and what a name refers to
  // (ReferenceAnalysis with the checker): without them, loops and runs the checker proves dependent are reported.
  "ts7 only: prefer-concurrent-awaits/fixtures/typed/loop-shapes.ts:90 prefer-concurrent-awaits",
  "ts7 only: prefer-concurrent-awaits/fixtures/typed/resolution.ts:11 prefer-concurrent-awaits",
  "ts7 only: prefer-concurrent-awaits/fixtures/typed/resolution.ts:18 prefer-concurrent-awaits",
  "ts7 only: prefer-concurrent-awaits/fixtures/typed/resolution.ts:25 prefer-concurrent-awaits",
  "ts7 only: prefer-concurrent-awaits/fixtures/typed/resolution.ts:5 prefer-concurrent-awaits",
  // calleeFunction now reaches the imported function through the type questions, but the tuple/receiver checks
  // above are still TypeScript 6 only.
  "ts7 only: require-concurrency-limit/fixtures/typed/uses-api.ts:8 require-concurrency-limit",
  // As above: the client's declaration and defaults are not followed, so configured clients are reported.
  "ts7 only: require-timeout/fixtures/typed/app.ts:7 require-timeout",
  "ts7 only: require-timeout/fixtures/typed/uses.ts:11 require-timeout",
  "ts7 only: require-timeout/fixtures/typed/uses.ts:6 require-timeout",
];
