// pre-commit (Debian's, installed by test/e2e/setup.sh) with async-lint: the README's local hook, copied from
// README.md here so it cannot drift, run on a scratch git repository against the release tarball (`npm run release`,
// run by `npm run test:e2e` before this; pre-commit installs its dependencies from the npm registry); and the
// repository's .pre-commit-hooks.yaml, for when it is public, validated. Running that manifest's hook
// (`pre-commit try-repo`) would install the repository with all its dev dependencies: minutes, so not here.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const TARBALL = path.join(REPO, "release", `${manifest.name}-${manifest.version}.tgz`);
const README_TARBALL = `/absolute/path/to/${manifest.name}-${manifest.version}.tgz`;

/** The README's .pre-commit-config.yaml. */
function readmePreCommitConfig(): string {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  const match = /```yaml\n# \.pre-commit-config\.yaml\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error("README.md has no .pre-commit-config.yaml example");
  return match[1];
}

it("runs the README's local hook on a git repository: fails on a blocking call, passes once it is fixed", () => {
  if (!fs.existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: run \`npm run release\` first.`);
  const config = readmePreCommitConfig();
  // The README names the current version's tarball, by a path the reader replaces.
  expect(config).toContain(`[${README_TARBALL}]`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-pre-commit-run-"));
  const project = path.join(root, "project");
  fs.mkdirSync(project);
  const env = { ...process.env, PRE_COMMIT_HOME: path.join(root, "pre-commit-home"), NO_COLOR: "1", npm_config_user_agent: "" };
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], { cwd: project, env, stdio: "pipe" });
  const preCommit = () => spawnSync("pre-commit", ["run", "--all-files", "--color", "never"], { cwd: project, env, encoding: "utf8", timeout: 240_000 });
  try {
    git("init", "-q");
    fs.writeFileSync(path.join(project, ".pre-commit-config.yaml"), config.replace(README_TARBALL, TARBALL));
    fs.writeFileSync(path.join(project, "app.py"), "import asyncio\nimport time\n\n\nasync def poll():\n    time.sleep(1)\n    await asyncio.sleep(0)\n");
    fs.writeFileSync(path.join(project, "notes.md"), "Not a file async-lint checks.\n");
    git("add", "-A");
    const failing = preCommit();
    const failingOutput = failing.stdout + failing.stderr;
    expect(failing.status, failingOutput).toBe(1);
    expect(failingOutput).toMatch(/^async-lint\.+Failed$/m);
    expect(failingOutput).toMatch(/^app\.py\n {2}6:5 {2}error {2}`time\.sleep` blocks the event loop inside async function 'poll'/m);
    expect(failingOutput).not.toContain("notes.md");

    fs.writeFileSync(path.join(project, "app.py"), "import asyncio\n\n\nasync def poll():\n    await asyncio.sleep(1)\n");
    git("add", "-A");
    const passing = preCommit();
    expect(passing.status, passing.stdout + passing.stderr).toBe(0);
    expect(passing.stdout).toMatch(/^async-lint\.+Passed$/m);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 300_000);

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
