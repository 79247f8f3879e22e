// Per-file rule settings: the default override for test files and a config's own `overrides`.
import { describe, expect, it } from "vitest";
import { parseJson, runCli, tempDir, write } from "./helpers";

const SERIAL_TS = [
  "async function getUser(id: string) { return id; }",
  "async function getTeam(id: string) { return id; }",
  "export async function load(id: string) {",
  "  const user = await getUser(id);",
  "  const team = await getTeam(id);",
  "  void getUser(id).then(() => team);",
  "  getUser(id);",
  "  return [user, team];",
  "}",
  "",
].join("\n");
const SERIAL_PY = [
  "async def get_user(i):",
  "    return i",
  "async def get_team(i):",
  "    return i",
  "async def load(i):",
  "    user = await get_user(i)",
  "    team = await get_team(i)",
  "    return user, team",
  "",
].join("\n");

/** A project (package.json marks its root) with the same code in source files and in test files. */
function project(): string {
  const dir = tempDir();
  write(dir, "package.json", "{}\n");
  for (const file of ["src/load.ts", "src/load.test.ts", "src/load.spec.ts", "src/__tests__/load.ts", "test/load.ts", "tests/unit/load.ts", "src/testing/load.ts", "src/latest/load.ts"]) {
    write(dir, file, SERIAL_TS);
  }
  for (const file of ["app/load.py", "app/test_load.py", "app/load_test.py", "app/conftest.py", "app/testing.py"]) write(dir, file, SERIAL_PY);
  return dir;
}

function rulesByFile(dir: string, args: string[] = []): Record<string, string[]> {
  const results = parseJson(runCli(["--format", "json", "--no-typed", ...args, "."], dir, { allRules: true }));
  return Object.fromEntries(results.map((r) => [r.filePath.slice(dir.length + 1), [...new Set(r.messages.map((m) => m.ruleId ?? ""))].sort()]));
}

describe("overrides", () => {
  it("turns prefer-concurrent-awaits off in test files by default, and keeps no-unawaited-call on", () => {
    const dir = project();
    expect(rulesByFile(dir)).toEqual({
      "app/conftest.py": [],
      "app/load.py": ["prefer-concurrent-awaits"],
      "app/load_test.py": [],
      "app/test_load.py": [],
      "app/testing.py": ["prefer-concurrent-awaits"],
      "src/__tests__/load.ts": ["no-unawaited-call"],
      "src/latest/load.ts": ["no-unawaited-call", "prefer-concurrent-awaits"],
      "src/load.spec.ts": ["no-unawaited-call"],
      "src/load.test.ts": ["no-unawaited-call"],
      "src/load.ts": ["no-unawaited-call", "prefer-concurrent-awaits"],
      "src/testing/load.ts": ["no-unawaited-call", "prefer-concurrent-awaits"],
      "test/load.ts": ["no-unawaited-call"],
      "tests/unit/load.ts": ["no-unawaited-call"],
    });
  });

  it("lowers no-blocking-call to info in test files and e2e folders: shown, but the run does not fail on it", () => {
    const dir = tempDir();
    write(dir, "package.json", "{}\n");
    const blocking = 'import { readFileSync } from "node:fs";\nexport async function seed() {\n  return readFileSync("seed.json", "utf8");\n}\n';
    for (const file of ["src/seed.ts", "src/seed.spec.ts", "e2e/fixtures/seed.ts"]) write(dir, file, blocking);
    const run = runCli(["--format", "json", "--no-typed", "."], dir, { allRules: true });
    const severities = Object.fromEntries(
      parseJson(run).map((r) => [r.filePath.slice(dir.length + 1), r.messages.filter((m) => m.ruleId === "no-blocking-call").map((m) => m.severity)]),
    );
    expect(severities).toEqual({ "src/seed.ts": [2], "src/seed.spec.ts": [1], "e2e/fixtures/seed.ts": [1] });
    expect(runCli(["--no-typed", "src/seed.spec.ts", "e2e"], dir, { allRules: true }).code).toBe(0);
    expect(runCli(["--no-typed", "src/seed.ts"], dir, { allRules: true }).code).toBe(1);
  });

  it("matches the test globs inside the project only: a project under a folder named test is not all tests", () => {
    const outer = tempDir();
    const dir = `${outer}/tests/app`;
    write(dir, "package.json", "{}\n");
    write(dir, "src/load.ts", SERIAL_TS);
    expect(rulesByFile(dir)["src/load.ts"]).toEqual(["no-unawaited-call", "prefer-concurrent-awaits"]);
  });

  it("lets a config turn the rules back on for the same globs, or off for others, relative to its folder", () => {
    const dir = project();
    write(
      dir,
      "async-lint.json",
      JSON.stringify({
        overrides: [
          { files: ["*.test.ts", "test_*.py"], rules: { "prefer-concurrent-awaits": "error" } },
          { files: ["src/latest/"], rules: { "prefer-concurrent-awaits": "off", "no-unawaited-call": ["off"] } },
        ],
      }),
    );
    const byFile = rulesByFile(dir);
    expect(byFile["src/load.test.ts"]).toEqual(["no-unawaited-call", "prefer-concurrent-awaits"]);
    expect(byFile["app/test_load.py"]).toEqual(["prefer-concurrent-awaits"]);
    expect(byFile["src/load.spec.ts"]).toEqual(["no-unawaited-call"]);
    expect(byFile["src/latest/load.ts"]).toEqual([]);
    expect(byFile["src/load.ts"]).toEqual(["no-unawaited-call", "prefer-concurrent-awaits"]);
    // A command-line severity wins over every override.
    expect(rulesByFile(dir, ["--rule", "prefer-concurrent-awaits:warning"])["tests/unit/load.ts"]).toEqual(["no-unawaited-call", "prefer-concurrent-awaits"]);
  });

  it("--print-config names the overrides that apply to a file", () => {
    const dir = project();
    const printed = JSON.parse(runCli(["--print-config", "src/load.test.ts"], dir, { allRules: true }).stdout);
    expect(printed.rules["prefer-concurrent-awaits"][0]).toBe("off");
    expect(printed.rules["require-concurrency-limit"][0]).toBe("off");
    expect(printed.rules["no-unawaited-call"][0]).toBe("warning");
    expect(printed.rules["no-blocking-call"][0]).toBe("info");
    expect(printed.overrides).toEqual([
      {
        files: ["*.test.*", "*.spec.*", "__tests__/", "test/", "tests/", "e2e/", "test_*.py", "*_test.py", "conftest.py"],
        rules: { "prefer-concurrent-awaits": "off", "require-concurrency-limit": "off", "no-blocking-call": "info" },
      },
    ]);
    expect(JSON.parse(runCli(["--print-config", "src/load.ts"], dir, { allRules: true }).stdout)).not.toHaveProperty("overrides");
  });

  it("rejects an override without files, or with an unknown rule, naming the line", () => {
    const dir = project();
    write(dir, "async-lint.json", '{\n  "overrides": [\n    { "files": [], "rules": {} }\n  ]\n}\n');
    const run = runCli(["src/load.ts"], dir, { allRules: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("async-lint.json:3:");
    write(dir, "async-lint.json", '{\n  "overrides": [\n    { "files": ["x"], "rules": { "no-such-rule": "off" } }\n  ]\n}\n');
    const unknown = runCli(["src/load.ts"], dir, { allRules: true });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no-such-rule");
  });
});
