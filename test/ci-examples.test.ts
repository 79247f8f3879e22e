// The README's GitHub Actions examples are valid workflows: each is copied from README.md into a file and checked
// by action-validator (GitHub's workflow schema plus its own checks), so the examples cannot drift into YAML that
// GitHub would reject.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, it } from "vitest";

const REPO = path.resolve(__dirname, "..");
const VALIDATOR = path.join(REPO, "node_modules/.bin/action-validator");
const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
const workflows = [...readme.matchAll(/```yaml\n(# \.github\/workflows\/[^\n]+\n[\s\S]*?)```/g)].map((match) => match[1]);

it("the README shows a one-job workflow and a sharded one", () => {
  expect(workflows).toHaveLength(2);
  expect(workflows[0]).toContain("github/codeql-action/upload-sarif");
  expect(workflows[1]).toContain("--shard ${{ matrix.shard }}/4");
});

it.each(workflows.map((text, index) => [index, text]))("README workflow %i passes action-validator", (index, text) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-workflow-")), `workflow-${index}.yml`);
  fs.writeFileSync(file, text as string);
  const result = spawnSync(VALIDATOR, [file], { encoding: "utf8" });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
});

it("action-validator rejects a workflow without runs-on (it really checks)", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-workflow-")), "broken.yml");
  fs.writeFileSync(file, "on: [push]\njobs:\n  lint:\n    steps:\n      - run: npx async-lint\n");
  expect(spawnSync(VALIDATOR, [file], { encoding: "utf8" }).status).not.toBe(0);
});
