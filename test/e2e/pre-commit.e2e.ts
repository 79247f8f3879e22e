// The pre-commit hooks manifest is one pre-commit accepts (Debian's pre-commit, installed by test/e2e/setup.sh).
// Running the hook itself (`pre-commit try-repo <repo> async-lint --files app.py`) was checked by hand: it takes
// minutes, because pre-commit installs the repository with all its dev dependencies.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");

it("pre-commit validates .pre-commit-hooks.yaml", () => {
  const result = spawnSync("pre-commit", ["validate-manifest", path.join(REPO, ".pre-commit-hooks.yaml")], { encoding: "utf8" });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
});

it("pre-commit rejects a manifest with an unknown file type (the check is real)", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-pre-commit-")), "hooks.yaml");
  fs.writeFileSync(file, "- id: x\n  name: x\n  entry: x\n  language: node\n  types_or: [typescript]\n");
  expect(spawnSync("pre-commit", ["validate-manifest", file], { encoding: "utf8" }).status).not.toBe(0);
});
