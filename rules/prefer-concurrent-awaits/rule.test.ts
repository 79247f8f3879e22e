import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { applyAllFixes, firstSuggestion, lintFixture, listFixtures, typeErrorsWithText } from "../core/testing/fixtures";
import { ruleSuite } from "../core/testing/suite";

ruleSuite("prefer-concurrent-awaits", __dirname);

const fixtures = listFixtures(__dirname);

function suggestedOutputPath(filePath: string, typed: boolean): string | undefined {
  const ext = path.extname(filePath);
  const base = filePath.slice(0, -ext.length);
  const candidates = typed ? [`${base}.suggested.typed${ext}`, `${base}.suggested${ext}`] : [`${base}.suggested${ext}`];
  return candidates.find((candidate) => fs.existsSync(candidate));
}

describe("prefer-concurrent-awaits: suggestions", () => {
  // The harness type-checks .fixed outputs; suggestions are this rule's only fixes, so check them the same way.
  for (const fixture of fixtures.filter((f) => f.tsconfigPath)) {
    const outputPath = suggestedOutputPath(fixture.filePath, true);
    if (!outputPath) continue;
    it(`${path.relative(__dirname, outputPath)} type-checks like its fixture`, () => {
      const original = fs.readFileSync(fixture.filePath, "utf8");
      expect(typeErrorsWithText(fixture.tsconfigPath!, fixture.filePath, original)).toEqual([]);
      expect(typeErrorsWithText(fixture.tsconfigPath!, fixture.filePath, fs.readFileSync(outputPath, "utf8"))).toEqual([]);
    });
  }

  // Applying the suggestions again changes nothing: a rewritten run or loop is never offered a second rewrite.
  for (const fixture of fixtures) {
    const outputPath = suggestedOutputPath(fixture.filePath, false);
    if (!outputPath) continue;
    it(`${path.relative(__dirname, outputPath)} is stable under a second pass`, () => {
      const output = fs.readFileSync(outputPath, "utf8");
      const lint = (source: string) => lintFixture("prefer-concurrent-awaits", fixture.filePath, source, "syntax");
      expect(applyAllFixes(lint, output, firstSuggestion, 1).text).toBe(output);
    });
  }
});
