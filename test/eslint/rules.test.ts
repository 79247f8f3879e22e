// Every rule the plugin exposes, tested through ESLint's RuleTester against its own fixtures and README
// examples: a rule registered later is tested here with no change.
import { RuleTester } from "@typescript-eslint/rule-tester";
import { describe, expect, it } from "vitest";
import plugin from "../../eslint-plugin/index";
import { RULES } from "../../rules/core/registry";
import { fixtureCases, REPO_ROOT, ruleTesterCase } from "./fixture-cases";

const syntaxTester = new RuleTester();
// Typed linting as users turn it on; each fixture folder's nearest tsconfig.json defines its program.
const typedTester = new RuleTester({ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: REPO_ROOT } } });

for (const rule of RULES.filter((r) => r.detectors.typescript)) {
  const id = rule.meta.id;
  const cases = fixtureCases(rule);
  if (cases.length === 0) continue;

  describe(`${id}: eslint --fix ends where async-lint --fix does`, () => {
    for (const fixtureCase of cases) {
      it(fixtureCase.name, () => {
        expect(fixtureCase.fixPasses.at(-1) ?? fixtureCase.text).toBe(fixtureCase.cliFixed);
        if (fixtureCase.checkedInFixed !== undefined) expect(fixtureCase.cliFixed).toBe(fixtureCase.checkedInFixed);
      });
    }
  });

  for (const [mode, tester] of [
    ["syntax", syntaxTester],
    ["typed", typedTester],
  ] as const) {
    const tests = cases.filter((c) => c.mode === mode).map((c) => ruleTesterCase(rule, c));
    if (tests.length === 0) continue;
    // rule-tester 8.72 carries its own copy of @typescript-eslint/utils' types (8.73 is installed at the top).
    tester.run(`${id} [${mode}]`, plugin.rules[id] as unknown as Parameters<typeof tester.run>[1], {
      valid: tests.flatMap((t) => (t.valid ? [t.valid] : [])),
      invalid: tests.flatMap((t) => (t.invalid ? [t.invalid] : [])),
    });
  }
}
