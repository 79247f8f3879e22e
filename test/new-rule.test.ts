// `npm run new-rule` scaffolds a rule folder that passes its own tests, the docs checks and the type check, and
// adding it touches nothing else by hand: the registry gains the rule's import and entry, and the generated docs
// (README rule table and CLI help, config schema) gain the rule. Runs in a copy of the repository's files.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "..");
const ID = "scaffold-probe";

/** Every file of the working tree git knows or would add (tracked and new, not ignored), by relative path. */
function repositoryFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" })
    .split("\0")
    // Regular files only: a worktree may hold untracked symlinks to directories (a shared bench/corpus).
    .filter((file) => file !== "" && fs.statSync(path.join(REPO, file), { throwIfNoEntry: false })?.isFile());
}

function snapshot(root: string, files: readonly string[]): Map<string, string> {
  return new Map(files.map((file) => [file, fs.readFileSync(path.join(root, file), "utf8")]));
}

function filesUnder(root: string, dir = ""): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.name === "node_modules") return [];
    return entry.isDirectory() ? filesUnder(root, relative) : [relative];
  });
}

/** Lines of `after` that `before` lacks, and the reverse (as multisets: order is not compared). */
function lineChanges(before: string, after: string): { added: string[]; removed: string[] } {
  const count = (text: string) => text.split("\n").reduce((m, line) => m.set(line, (m.get(line) ?? 0) + 1), new Map<string, number>());
  const a = count(before);
  const b = count(after);
  const extra = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([line, n]) => Array<string>(Math.max(0, n - (y.get(line) ?? 0))).fill(line));
  return { added: extra(b, a), removed: extra(a, b) };
}

/** Runs node in the copy, without this vitest run's VITEST* variables (a child vitest would take them for its own). */
function run(cwd: string, args: string[]): { code: number | null; output: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")));
  const result = spawnSync(process.execPath, args, { cwd, env, encoding: "utf8" });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe("npm run new-rule", () => {
  let copy: string;
  let before: Map<string, string>;
  let scaffold: { code: number | null; output: string };

  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-new-rule-"));
    const files = repositoryFiles();
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO, file), path.join(copy, file));
    }
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(copy, "node_modules"), "dir");
    before = snapshot(copy, files);
    scaffold = run(copy, ["scripts/new-rule.mjs", ID, "--lang", "ts,py"]);
  }, 120_000);

  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  it("writes the rule folder and registers it", () => {
    expect(scaffold.code, scaffold.output).toBe(0);
    const created = filesUnder(copy).filter((file) => !before.has(file));
    expect(created.sort()).toEqual(
      [
        "README.md",
        "fixtures/python/replace-me.py",
        "fixtures/replace-me.ts",
        "meta.ts",
        "python.ts",
        "rule.test.ts",
        "rule.ts",
        "typescript.ts",
      ].map((file) => `rules/${ID}/${file}`),
    );
  });

  it("changes nothing else by hand: one registration in the registry, the new rule in the generated docs", () => {
    const after = snapshot(copy, [...before.keys()]);
    const changed = [...before.keys()].filter((file) => before.get(file) !== after.get(file));
    expect(changed.sort()).toEqual(["README.md", "client/README.md", "rules/core/registry.ts", "schema/async-lint.schema.json"]);

    // The registration: the rule's import and its entry in the list.
    expect(lineChanges(before.get("rules/core/registry.ts")!, after.get("rules/core/registry.ts")!)).toEqual({
      added: ['import scaffoldProbe from "../scaffold-probe/rule";', "  scaffoldProbe,"],
      removed: [],
    });

    // Generated: a row of the rule table, and the rule named in the CLI help.
    const readme = lineChanges(before.get("README.md")!, after.get("README.md")!);
    expect(readme.added).toHaveLength(2);
    expect(readme.added[0]).toMatch(/^\| \[`scaffold-probe`\]\(rules\/scaffold-probe\/README\.md\) \| /);
    expect(readme.removed).toHaveLength(1);
    expect(readme.removed[0]).toMatch(/^Rules: /);
    expect(readme.added[1]).toBe(`${readme.removed[0]}, ${ID}`);

    // Generated: a row of the extension README's rule table.
    expect(lineChanges(before.get("client/README.md")!, after.get("client/README.md")!)).toEqual({
      added: [expect.stringMatching(/^\| \[`scaffold-probe`\]\(\.\.\/rules\/scaffold-probe\/README\.md\) \| /)],
      removed: [],
    });

    // Generated: the rule's entry in the config schema, nothing else.
    const schemaBefore = JSON.parse(before.get("schema/async-lint.schema.json")!);
    const schemaAfter = JSON.parse(after.get("schema/async-lint.schema.json")!);
    expect(Object.keys(schemaAfter.properties.rules.properties)).toEqual([...Object.keys(schemaBefore.properties.rules.properties), ID]);
    delete schemaAfter.properties.rules.properties[ID];
    // The same entry in `overrides[].rules`, which takes the same rule settings.
    const overrideRules = schemaAfter.properties.overrides.items.properties.rules.properties;
    expect(Object.keys(overrideRules)).toEqual([...Object.keys(schemaBefore.properties.overrides.items.properties.rules.properties), ID]);
    delete overrideRules[ID];
    expect(schemaAfter).toEqual(schemaBefore);
  });

  it("gives a rule that passes its own tests and the docs checks", () => {
    const result = run(copy, ["node_modules/vitest/vitest.mjs", "run", `rules/${ID}`, "test/docs.test.ts"]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(new RegExp(`rules/${ID}/rule\\.test\\.ts`));
  }, 120_000);

  it("gives a rule that type-checks", () => {
    // Only the new folder and what it imports, not the whole project.
    fs.writeFileSync(path.join(copy, "tsconfig.new-rule.json"), JSON.stringify({ extends: "./tsconfig.json", include: [`rules/${ID}/**/*.ts`] }));
    const result = run(copy, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.new-rule.json", "--noEmit"]);
    expect(result.code, result.output).toBe(0);
  }, 120_000);
});
