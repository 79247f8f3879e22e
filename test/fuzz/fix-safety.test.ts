// Fix safety on the repository's real files (every rule's fixtures, examples/, the CLI fixtures), every rule on:
// all safe fixes applied in passes, then no new syntax errors, the fixed findings gone, no new findings, a second
// run changes nothing, and no new type errors for files under a tsconfig.json. The long run adds the bench corpus
// and any folder: `npm run fuzz -- --fix-safety --corpus /tmp/corpus/node_modules --iterations 0`.
// The time limit is a safety net, not a target (speed is measured by `npm run bench`): about 100 s on 2 cores.
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { initPython } from "../../rules/lang/python/parser";
import { corpusRoots, listCorpus, REPO } from "./corpus";
import { fixSafety } from "./fix-safety";

beforeAll(() => initPython());

it("every safe fix on the repository's fixtures and examples is safe", () => {
  const roots = corpusRoots().filter((root) => !root.includes(`${path.sep}bench${path.sep}`));
  const corpus = listCorpus(roots).filter((file) => file.filePath.includes(`${path.sep}fixtures${path.sep}`) || file.filePath.includes(`${path.sep}examples${path.sep}`));
  const report = fixSafety(corpus);
  const failures = report.failures.map((f) => `${path.relative(REPO, f.filePath)}: ${f.problems.map((p) => `${p.kind}: ${p.message.split("\n")[0]}`).join("; ")}`);
  expect(failures).toEqual([]);
  expect(report.files).toBeGreaterThan(100);
  expect(report.filesFixed).toBeGreaterThan(5);
}, 300_000);
