// The command line itself: help, version, exit codes, stylish output, options.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES, ruleById } from "../../rules/core/registry";
import { copyFixture, FIXTURES, MESSAGES, packageVersion, parseJson, read, REPO, runCli, write } from "./helpers";

const basic = path.join(FIXTURES, "basic");
const KNOWN_RULES = RULES.map((rule) => rule.meta.id).join(", ");
const DEFAULT_OPTIONS = ruleById("no-blocking-call")!.meta.defaultOptions as Record<string, unknown>;
/** Every registered rule at its defaults, with some replaced. */
const defaultRules = (changes: Record<string, unknown> = {}) => ({
  ...Object.fromEntries(RULES.map((rule) => [rule.meta.id, [rule.meta.defaultSeverity, rule.meta.defaultOptions]])),
  ...changes,
});

describe("async-lint command line", () => {
  it("prints help and exits 0", () => {
    const run = runCli(["--help"], basic);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: async-lint \[options\] \[paths\.\.\.\]\n/);
    for (const option of ["--format <format>", "--fix", "--fix-dry-run", "--typed", "--no-typed", "--max-warnings <n>", "--rule <id:severity>", "--quiet", "--output-file <file>", "--config <file>", "--print-config <file>", "--report-unused-disable-directives [severity]", "--debug", "--version"]) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stderr).toBe("");
    // The README shows this very output (test/docs.test.ts renders it in-process and keeps the block current).
    expect(fs.readFileSync(path.join(REPO, "README.md"), "utf8")).toContain("<!-- cli:start -->\n```text\n" + run.stdout.trimEnd() + "\n```\n<!-- cli:end -->");
  });

  it("prints the package version", () => {
    const run = runCli(["--version"], basic);
    expect(run).toEqual({ code: 0, stdout: `${packageVersion()}\n`, stderr: "" });
  });

  it("reports findings in the stylish format and exits 1 on errors", () => {
    const run = runCli([], basic);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const runMessage = MESSAGES.execSync("run");
    const loadMessage = MESSAGES.readFileSync("load");
    expect(run.stdout).toBe(
      [
        "",
        "lib/run.ts",
        `  4:10  error  ${runMessage}  no-blocking-call`,
        "",
        "src/blocking.ts",
        `  4:10  error  ${loadMessage}  no-blocking-call`,
        "",
        "✖ 2 problems (2 errors, 0 warnings, 0 infos)",
        "  1 fixable with --fix",
        "",
        "",
      ].join("\n"),
    );
  });

  it("aligns the columns of a file's findings", () => {
    const dir = copyFixture("multi");
    const run = runCli(["--rule", "no-blocking-call:warning"], dir);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[1]).toBe("named.ts");
    expect(lines[2]).toMatch(/^ {2}4:16 {2}warning {2}`readFileSync` blocks .* {3}no-blocking-call$/);
    expect(lines[3]).toMatch(/^ {2}5:3 {3}warning {2}`writeFileSync` blocks .*\. {2}no-blocking-call$/);
    expect(lines[2].indexOf("no-blocking-call")).toBe(lines[3].indexOf("no-blocking-call"));
    expect(run.stdout).toContain("✖ 2 problems (0 errors, 2 warnings, 0 infos)\n  2 fixable with --fix\n");
  });

  it("prints nothing and exits 0 when there is nothing to report", () => {
    const run = runCli(["src/clean.ts"], basic);
    expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("colours the stylish output only when asked or on a terminal", () => {
    expect(runCli(["src/blocking.ts"], basic).stdout).not.toContain("\x1b[");
    expect(runCli(["src/blocking.ts", "--color"], basic).stdout).toContain("\x1b[31merror");
  });

  it("turns a rule off with --rule id:off and exits 0", () => {
    expect(runCli(["--rule", "no-blocking-call:off"], basic)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("lowers a rule to info with --rule: reported, but neither an error nor a warning", () => {
    const run = runCli(["--rule", "no-blocking-call:info", "src/blocking.ts"], basic);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  4:10  info  ${MESSAGES.readFileSync("load")}  no-blocking-call\n`);
    expect(run.stdout).toContain("✖ 1 problem (0 errors, 0 warnings, 1 info)\n");
  });

  it("takes ESLint's severity spellings (warn, 0/1/2) in the config and --rule, and prints the canonical one", () => {
    const dir = copyFixture("basic");
    write(dir, "async-lint.json", JSON.stringify({ rules: { "no-blocking-call": "warn" } }));
    const fromConfig = runCli(["src/blocking.ts"], dir);
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.stdout).toContain(`  4:10  warning  ${MESSAGES.readFileSync("load")}  no-blocking-call\n`);
    expect(runCli(["src/blocking.ts", "--rule", "no-blocking-call:2"], dir).code).toBe(1);
    expect(runCli(["src/blocking.ts", "--rule", "no-blocking-call:0"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    const json = parseJson(runCli(["src/blocking.ts", "--rule", "no-blocking-call:1", "--format", "json"], dir));
    expect(json[0].messages.map((m) => m.severity)).toEqual([1]);
  });

  it.each([
    [["--rule", "no-such-rule:error"], `async-lint: --rule no-such-rule:error: unknown rule 'no-such-rule' (known rules: ${KNOWN_RULES})\n`],
    [["--rule", "no-blocking-call:note"], "async-lint: --rule no-blocking-call:note: unknown severity 'note' (did you mean 'info'?); expected off, info, warning, error (or ESLint's warn, 0, 1, 2)\n"],
    [["--rule", "no-blocking-call"], "async-lint: --rule no-blocking-call: expected <rule-id>:<severity>, e.g. no-blocking-call:warning\n"],
    [["--bogus"], "async-lint: unknown option '--bogus'\n"],
    [["--fxi"], "async-lint: unknown option '--fxi' (Did you mean --fix?)\n"],
    [["--format", "xml"], "async-lint: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are stylish, json, sarif, github.\n"],
    [["--max-warnings", "-1"], "async-lint: option '--max-warnings <n>' argument '-1' is invalid. expected a whole number ≥ 0.\n"],
    [["--report-unused-disable-directives=loud"], "async-lint: --report-unused-disable-directives: unknown severity 'loud' (expected off, info, warning, error or warn)\n"],
    [["--fix", "--fix-dry-run"], "async-lint: --fix and --fix-dry-run cannot be used together\n"],
    [["--print-config", "src/blocking.ts", "src"], "async-lint: --print-config takes one file and no other paths\n"],
    [["does-not-exist.ts"], "async-lint: no such file or directory: does-not-exist.ts\n"],
    [["src", "missing-folder"], "async-lint: no such file or directory: missing-folder\n"],
    [["src/**/*.rs"], "async-lint: no files match the pattern 'src/**/*.rs'\n"],
  ])("exits 2 with one line for a usage error: %j", (args, stderr) => {
    expect(runCli(args, basic)).toEqual({ code: 2, stdout: "", stderr });
  });

  it("applies --max-warnings to warnings only", () => {
    const dir = copyFixture("multi");
    const over = runCli(["--rule", "no-blocking-call:warning", "--max-warnings", "1"], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe("async-lint: too many warnings (2; --max-warnings is 1)\n");
    expect(runCli(["--rule", "no-blocking-call:warning", "--max-warnings", "2"], dir).code).toBe(0);
    expect(runCli(["--rule", "no-blocking-call:warning", "--max-warnings", "0", "--format", "json"], dir).code).toBe(1);
    // Errors fail the run whatever the limit.
    expect(runCli(["--max-warnings", "100"], dir).code).toBe(1);
  });

  it("--quiet reports errors only", () => {
    const dir = copyFixture("basic");
    write(dir, "async-lint.json", JSON.stringify({ rules: { "no-blocking-call": "warning" } }));
    expect(runCli(["--quiet"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(runCli(["--quiet", "--max-warnings", "0"], dir).code).toBe(0);
    const errors = parseJson(runCli(["--quiet", "--rule", "no-blocking-call:error", "--format", "json"], dir));
    expect(errors.map((r) => r.messages.length)).toEqual([1, 1, 0]);
  });

  it("writes the report to --output-file, creating its folder, and nothing to stdout", () => {
    const dir = copyFixture("basic");
    const run = runCli(["--format", "json", "--output-file", "reports/async-lint.json"], dir);
    expect(run).toEqual({ code: 1, stdout: "", stderr: "" });
    const results = JSON.parse(read(dir, "reports/async-lint.json")) as { filePath: string }[];
    expect(results.map((r) => path.relative(dir, r.filePath))).toEqual([path.join("lib", "run.ts"), path.join("src", "blocking.ts"), path.join("src", "clean.ts")]);
    // Stylish goes to the file uncoloured too.
    expect(runCli(["-o", "out.txt", "src/blocking.ts"], dir).stdout).toBe("");
    expect(read(dir, "out.txt")).toContain(`src/blocking.ts\n  4:10  error  ${MESSAGES.readFileSync("load")}  no-blocking-call\n`);
  });

  it("exits 2 when the report cannot be written", () => {
    const dir = copyFixture("basic");
    fs.mkdirSync(path.join(dir, "taken"));
    const run = runCli(["-o", "taken", "src/clean.ts"], dir);
    expect(run).toEqual({ code: 2, stdout: "", stderr: "async-lint: cannot write the report to taken: EISDIR\n" });
  });

  it("--print-config prints the effective settings for a file and exits 0", () => {
    const dir = copyFixture("basic");
    write(dir, "async-lint.json", JSON.stringify({ rules: { "no-blocking-call": ["warning", { blocking: [{ module: "my-db", name: "querySync", replacement: "query" }] }] }, ignores: ["lib/"] }));
    const run = runCli(["--print-config", "src/blocking.ts", "--no-typed"], dir, { allRules: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      filePath: path.join(dir, "src", "blocking.ts"),
      configFile: path.join(dir, "async-lint.json"),
      tsconfig: null,
      ignored: false,
      rules: defaultRules({ "no-blocking-call": ["warning", { ...DEFAULT_OPTIONS, blocking: [{ module: "my-db", name: "querySync", replacement: "query" }] }] }),
    });
    const overridden = JSON.parse(runCli(["--print-config", "lib/run.ts", "--rule", "no-blocking-call:off"], dir, { allRules: true }).stdout);
    expect(overridden.rules["no-blocking-call"][0]).toBe("off");
    expect(overridden.ignored).toBe(true);
    expect(overridden.ignoredBecause).toBe('by "ignores" in async-lint.json');
  });

  it("--print-config without any config shows the defaults", () => {
    const dir = copyFixture("basic");
    const printed = JSON.parse(runCli(["--print-config", "src/new-file.ts"], dir, { allRules: true }).stdout);
    expect(printed).toEqual({
      filePath: path.join(dir, "src", "new-file.ts"),
      configFile: null,
      tsconfig: null,
      ignored: false,
      rules: defaultRules(),
    });
  });

  it("reports unused disable directives at the given severity", () => {
    const dir = copyFixture("basic");
    write(dir, "src/directive.ts", 'export async function f() {\n  // async-lint-disable-next-line no-blocking-call\n  return 1;\n}\n');
    const off = runCli(["src/directive.ts"], dir);
    expect(off).toEqual({ code: 0, stdout: "", stderr: "" });
    // Without a value the severity is warning; a path after the flag stays a path.
    const warned = runCli(["--report-unused-disable-directives", "src/directive.ts"], dir);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toBe(
      "\nsrc/directive.ts\n  2:35  warning  Unused async-lint-disable-next-line directive (no problems were reported from 'no-blocking-call').\n\n✖ 1 problem (0 errors, 1 warning, 0 infos)\n\n",
    );
    const errored = runCli(["--report-unused-disable-directives", "error", "src/directive.ts", "--format", "json"], dir);
    expect(errored.code).toBe(1);
    expect(parseJson(errored)[0].messages).toEqual([
      {
        ruleId: null,
        severity: 2,
        message: "Unused async-lint-disable-next-line directive (no problems were reported from 'no-blocking-call').",
        line: 2,
        column: 35,
        endLine: 2,
        endColumn: 51,
        messageId: "unusedDirective",
      },
    ]);
  });

  it("--debug prints timings on stderr", () => {
    const run = runCli(["--debug", "--no-typed", "src/blocking.ts"], basic);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^async-lint: debug: found 1 files to lint in \d+ ms\nasync-lint: debug: linted 1 files \(0 typed\) in \d+ ms: building programs \d+ ms, linting \d+ ms; fixed 0 problems in 0 files; total \d+ ms\n$/);
  });

  it("shows no progress counter when stderr is not a terminal", () => {
    const dir = copyFixture("basic");
    for (let i = 0; i < 210; i++) write(dir, `many/f${i}.ts`, `export const x${i} = ${i};\n`);
    expect(runCli(["--rule", "no-blocking-call:off"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
