// --workers: the same report whatever the number of worker threads, on the examples and every rule's fixtures.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { read, REPO, runCli, tempDir, write } from "./helpers";

/** A copy of the examples and fixtures (Python included), linted as one project. */
function corpus(): string {
  const dir = tempDir();
  fs.cpSync(path.join(REPO, "examples"), path.join(dir, "examples"), { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) });
  for (const rule of fs.readdirSync(path.join(REPO, "rules"))) {
    const fixtures = path.join(REPO, "rules", rule, "fixtures");
    if (fs.existsSync(fixtures)) fs.cpSync(fixtures, path.join(dir, "fixtures", rule), { recursive: true });
  }
  return dir;
}

describe("--workers", { timeout: 300_000 }, () => {
  it("gives output identical to one thread, in every format, on examples and fixtures", () => {
    const dir = corpus();
    for (const format of ["json", "sarif", "stylish"]) {
      // --no-typed: fixture folders with a tsconfig would otherwise be linted typed, on the main thread.
      const single = runCli(["--no-typed", "--format", format, "--workers", "1", "-o", `single.${format}`], dir, { allRules: true });
      const threaded = runCli(["--no-typed", "--format", format, "--workers", "3", "--debug", "-o", `threaded.${format}`], dir, { allRules: true });
      expect(single.code).toBe(1);
      expect(read(dir, `threaded.${format}`)).toBe(read(dir, `single.${format}`));
      expect(read(dir, `single.${format}`).length).toBeGreaterThan(10_000);
      expect(threaded.code).toBe(single.code);
      expect(threaded.stderr).toMatch(/debug: linting \d+ files on 3 worker threads/);
    }
  });

  it("lints typed files on the main thread and the rest on workers, with the same result", () => {
    const dir = corpus();
    runCli(["--format", "json", "--workers", "1", "-o", "single.json"], dir, { allRules: true });
    runCli(["--format", "json", "--workers", "2", "-o", "threaded.json"], dir, { allRules: true });
    expect(read(dir, "threaded.json")).toBe(read(dir, "single.json"));
    expect((JSON.parse(read(dir, "single.json")) as unknown[]).length).toBeGreaterThan(50);
  });

  it("reports unreadable and skipped files from workers as one thread does, with exit code 2 on errors", () => {
    const dir = tempDir();
    for (let i = 0; i < 30; i++) write(dir, `f${i}.ts`, "export {};\n");
    write(dir, "binary.ts", Buffer.from([0x65, 0x00, 0x66]));
    fs.symlinkSync(path.join(dir, "nowhere.ts"), path.join(dir, "dangling.ts"));
    const single = runCli(["--format", "json", "--workers", "1"], dir);
    const threaded = runCli(["--format", "json", "--workers", "4"], dir);
    expect(single.code).toBe(2);
    expect(threaded).toEqual(single);
  });

  it("works with --cache: workers read entries and the main thread saves theirs", () => {
    const dir = corpus();
    const args = ["--no-typed", "--format", "json", "--workers", "2", "--cache", "--debug"];
    runCli([...args, "-o", "first.json"], dir, { allRules: true });
    const second = runCli([...args, "-o", "second.json"], dir, { allRules: true });
    expect(read(dir, "second.json")).toBe(read(dir, "first.json"));
    const linted = Number(/linted (\d+) files/.exec(second.stderr)![1]);
    expect(second.stderr).toContain(`(0 typed, ${linted} from the cache)`);
  });

  it("rejects a bad worker count", () => {
    const run = runCli(["--workers", "0"], tempDir());
    expect(run).toEqual({ code: 2, stdout: "", stderr: "async-lint: option '--workers <n|auto>' argument '0' is invalid. expected a number ≥ 1 or 'auto'.\n" });
  });
});
