// --format json (ESLint-compatible), github (workflow commands) and sarif (validated against the SARIF 2.1.0 schema).
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import type * as Sarif from "sarif";
import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty } from "../../cli/formatters/github";
import { RULES } from "../../rules/core/registry";
import { copyFixture, FIXTURES, fixtureText, MESSAGES, packageVersion, parseJson, REPO, runCli, tempDir, write } from "./helpers";

const basic = path.join(FIXTURES, "basic");

/** Offsets of `needle` in the fixture's text, as the CLI reports them. */
function rangeOf(text: string, needle: string): [number, number] {
  const start = text.indexOf(needle);
  expect(start).toBeGreaterThanOrEqual(0);
  return [start, start + needle.length];
}

const validateSarif = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, "test", "schemas", "sarif-schema-2.1.0.json"), "utf8")));
})();

function sarifOf(stdout: string): Sarif.Log {
  const log = JSON.parse(stdout) as Sarif.Log;
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return log;
}

describe("--format json", () => {
  it("gives ESLint's result shape with exact fields", () => {
    const run = runCli(["--format", "json"], basic);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const blockingText = fixtureText("basic/src/blocking.ts");
    const runText = fixtureText("basic/lib/run.ts");
    const results = parseJson(run);
    expect(results.map((r) => r.filePath)).toEqual([path.join(basic, "lib", "run.ts"), path.join(basic, "src", "blocking.ts"), path.join(basic, "src", "clean.ts")]);

    expect(results[1]).toEqual({
      filePath: path.join(basic, "src", "blocking.ts"),
      messages: [
        {
          ruleId: "no-blocking-call",
          severity: 2,
          message: MESSAGES.readFileSync("load"),
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 25,
          messageId: "blockingCall",
          fix: { range: rangeOf(blockingText, "fs.readFileSync"), text: "await fs.promises.readFile" },
        },
      ],
      errorCount: 1,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 1,
      fixableWarningCount: 0,
      source: blockingText,
    });

    // An unsafe fix is a suggestion, merged into one range the ESLint way (the import edit and the call edit).
    const [suggestion] = results[0].messages[0].suggestions!;
    const importEnd = runText.indexOf(" } from");
    const callEnd = runText.indexOf("execSync(cmd)") + "execSync(cmd)".length;
    expect(results[0]).toEqual({
      filePath: path.join(basic, "lib", "run.ts"),
      messages: [
        {
          ruleId: "no-blocking-call",
          severity: 2,
          message: MESSAGES.execSync("run"),
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 18,
          messageId: "blockingCall",
          suggestions: [{ desc: "Use await promisify(exec)()", fix: { range: [importEnd, callEnd], text: suggestion.fix.text } }],
        },
      ],
      errorCount: 1,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      source: runText,
    });
    // Applying the merged suggestion to the source gives the fixed program.
    const applied = runText.slice(0, importEnd) + suggestion.fix.text + runText.slice(callEnd);
    expect(applied).toContain("return (await promisify(exec)(cmd)).stdout;");

    expect(results[2]).toEqual({
      filePath: path.join(basic, "src", "clean.ts"),
      messages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    });
  });

  it("counts warnings and keeps info findings apart with level: info", () => {
    const warning = parseJson(runCli(["--format", "json", "--rule", "no-blocking-call:warning", "src/blocking.ts"], basic))[0];
    expect(warning.messages[0].severity).toBe(1);
    expect(warning.messages[0].level).toBeUndefined();
    expect([warning.errorCount, warning.warningCount, warning.fixableErrorCount, warning.fixableWarningCount]).toEqual([0, 1, 0, 1]);

    const info = parseJson(runCli(["--format", "json", "--rule", "no-blocking-call:info", "src/blocking.ts"], basic))[0];
    expect(info.messages[0].severity).toBe(1);
    expect(info.messages[0].level).toBe("info");
    expect([info.errorCount, info.warningCount, info.fixableErrorCount, info.fixableWarningCount]).toEqual([0, 0, 0, 0]);
  });
});

describe("related locations", () => {
  // A serial-await finding points at its first await; the others are its related locations.
  const serial = [
    'declare function getUser(id: string): Promise<string>;',
    'declare function getTeam(id: string): Promise<string>;',
    'export async function load(id: string) {',
    '  const user = await getUser(id);',
    '  const team = await getTeam(id);',
    '  return [user, team];',
    '}',
    '',
  ].join("\n");
  const onlyConcurrent = RULES.filter((rule) => rule.meta.id !== "prefer-concurrent-awaits").flatMap((rule) => ["--rule", `${rule.meta.id}:off`]);

  it("--format json adds relatedLocations to the ESLint message (only when there are some)", () => {
    const dir = tempDir();
    write(dir, "serial.ts", serial);
    const [result] = parseJson(runCli(["--format", "json", "--no-typed", ...onlyConcurrent, "serial.ts"], dir, { allRules: true }));
    expect(result.messages.map((m) => [m.line, m.column, m.relatedLocations])).toEqual([
      [4, 16, [{ message: "Independent await 2 of 2: uses no result of the awaits before it.", line: 5, column: 16, endLine: 5, endColumn: 33 }]],
    ]);
    // A finding without related locations has no such field.
    expect(parseJson(runCli(["--format", "json", "src/blocking.ts"], basic))[0].messages[0]).not.toHaveProperty("relatedLocations");
  });

  it("--format sarif gives them as relatedLocations, and merge reads both back", () => {
    const dir = tempDir();
    write(dir, "serial.ts", serial);
    const log = sarifOf(runCli(["--format", "sarif", "--no-typed", ...onlyConcurrent, "serial.ts"], dir, { allRules: true }).stdout);
    expect(log.runs[0].results![0].relatedLocations).toEqual([
      {
        id: 0,
        message: { text: "Independent await 2 of 2: uses no result of the awaits before it." },
        physicalLocation: { artifactLocation: { uri: "serial.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 5, startColumn: 16, endLine: 5, endColumn: 33 } },
      },
    ]);
    write(dir, "part.json", runCli(["--format", "json", "--no-typed", ...onlyConcurrent, "serial.ts"], dir, { allRules: true }).stdout);
    const merged = sarifOf(runCli(["merge", "part.json", "--format", "sarif"], dir, { allRules: true }).stdout);
    expect(merged.runs[0].results![0].relatedLocations?.map((r) => r.physicalLocation?.region)).toEqual([{ startLine: 5, startColumn: 16, endLine: 5, endColumn: 33 }]);
  });
});

describe("--format github", () => {
  it("prints one workflow command per finding, with paths relative to the working folder", () => {
    const run = runCli(["--format", "github"], basic);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `::error file=lib/run.ts,line=4,col=10,endLine=4,endColumn=18,title=async-lint (no-blocking-call)::${MESSAGES.execSync("run")}\n` +
        `::error file=src/blocking.ts,line=4,col=10,endLine=4,endColumn=25,title=async-lint (no-blocking-call)::${MESSAGES.readFileSync("load")}\n`,
    );
  });

  it("uses warning and notice for warnings and infos", () => {
    expect(runCli(["--format", "github", "--rule", "no-blocking-call:warning", "src/blocking.ts"], basic).stdout).toMatch(/^::warning file=src\/blocking\.ts,/);
    expect(runCli(["--format", "github", "--rule", "no-blocking-call:info", "src/blocking.ts"], basic).stdout).toMatch(/^::notice file=src\/blocking\.ts,/);
  });

  it("escapes %, CR and LF in messages and also , and : in properties", () => {
    const dir = tempDir();
    write(
      dir,
      "async-lint.json",
      JSON.stringify({ rules: { "no-blocking-call": ["error", { blocking: [{ module: "my-db", name: "querySync", replacement: "`q()`", reason: "waits 100%,\r\nthen: more" }] }] } }),
    );
    write(dir, "we,ird:name.ts", 'import { querySync } from "my-db";\nexport async function f() {\n  return querySync();\n}\n');
    const run = runCli(["--format", "github"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "::error file=we%2Cird%3Aname.ts,line=3,col=10,endLine=3,endColumn=19,title=async-lint (no-blocking-call)::" +
        "`querySync` blocks the event loop inside async function 'f': it waits 100%25,%0D%0Athen: more. Use `q()`.\n",
    );
  });

  it("escapes like @actions/core", () => {
    expect(escapeData("a%b\r\nc:d,e")).toBe("a%25b%0D%0Ac:d,e");
    expect(escapeProperty("a%b\r\nc:d,e")).toBe("a%25b%0D%0Ac%3Ad%2Ce");
  });
});

describe("--format sarif", () => {
  it("is valid SARIF 2.1.0 with rules, results, locations and fixes", () => {
    const run = runCli(["--format", "sarif"], basic);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const log = sarifOf(run.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const [sarifRun] = log.runs;
    const driver = sarifRun.tool.driver;
    expect(driver.name).toBe("async-lint");
    expect(driver.version).toBe(packageVersion());
    // No web addresses: there is no public site (the docs travel inside the log, below).
    expect(driver.informationUri).toBeUndefined();
    expect(driver.rules!.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    const ruleIndex = RULES.findIndex((r) => r.meta.id === "no-blocking-call");
    const meta = RULES[ruleIndex].meta;
    expect(driver.rules![ruleIndex]).toMatchObject({
      id: "no-blocking-call",
      shortDescription: { text: meta.description },
      fullDescription: { text: meta.why },
      help: { text: `${meta.description} ${meta.why}`, markdown: fs.readFileSync(path.join(REPO, "rules/no-blocking-call/README.md"), "utf8") },
      defaultConfiguration: { level: "error" },
    });
    expect(driver.rules!.every((rule) => rule.helpUri === undefined)).toBe(true);
    expect(sarifRun.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: pathToFileURL(basic + path.sep).href } });
    expect(sarifRun.columnKind).toBe("utf16CodeUnits");
    expect(sarifRun.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);

    expect(sarifRun.results).toHaveLength(2);
    const [runResult, blockingResult] = sarifRun.results!;
    expect(blockingResult).toEqual({
      ruleId: "no-blocking-call",
      ruleIndex,
      level: "error",
      message: { text: MESSAGES.readFileSync("load") },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "src/blocking.ts", uriBaseId: "%SRCROOT%" },
            region: { startLine: 4, startColumn: 10, endLine: 4, endColumn: 25 },
          },
        },
      ],
      fixes: [
        {
          description: { text: "Use await fs.promises.readFile()" },
          artifactChanges: [
            {
              artifactLocation: { uri: "src/blocking.ts", uriBaseId: "%SRCROOT%" },
              replacements: [{ deletedRegion: { startLine: 4, startColumn: 10, endLine: 4, endColumn: 25 }, insertedContent: { text: "await fs.promises.readFile" } }],
            },
          ],
        },
      ],
    });
    // Unsafe fixes (suggestions) are not SARIF fixes.
    expect(runResult.ruleId).toBe("no-blocking-call");
    expect(runResult.locations![0].physicalLocation!.artifactLocation).toEqual({ uri: "lib/run.ts", uriBaseId: "%SRCROOT%" });
    expect(runResult.fixes).toBeUndefined();
  });

  it("maps severities to levels, uses absolute URIs outside the working folder and a rule for directive problems", () => {
    const dir = copyFixture("basic");
    write(dir, "src/directive.ts", "export async function f() {\n  // async-lint-disable-next-line no-blocking-call\n  return 1;\n}\n");
    write(dir, "src/with space.ts", 'import fs from "node:fs";\nexport async function g(p: string) {\n  return fs.readFileSync(p);\n}\n');
    const elsewhere = tempDir();
    const run = runCli(["--format", "sarif", "--rule", "no-blocking-call:info", "--report-unused-disable-directives", path.join(dir, "src"), path.join(basic, "src", "blocking.ts")], elsewhere);
    expect(run.code).toBe(0);
    const [sarifRun] = sarifOf(run.stdout).runs;
    const rules = sarifRun.tool.driver.rules!;
    const rows = sarifRun.results!.map((r) => [r.locations![0].physicalLocation!.artifactLocation!, r.ruleId, r.level, rules[r.ruleIndex!].id]);
    // Files are reported in the order of their absolute paths.
    const expected = [
      [path.join(basic, "src", "blocking.ts"), "no-blocking-call", "note"],
      [path.join(dir, "src", "blocking.ts"), "no-blocking-call", "note"],
      [path.join(dir, "src", "directive.ts"), "async-lint/directive", "warning"],
      [path.join(dir, "src", "with space.ts"), "no-blocking-call", "note"],
    ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    expect(rows).toEqual(expected.map(([file, ruleId, level]) => [{ uri: pathToFileURL(file).href }, ruleId, level, ruleId]));

    const inside = sarifOf(runCli(["--format", "sarif", "src/with space.ts"], dir).stdout).runs[0];
    expect(inside.results![0].locations![0].physicalLocation!.artifactLocation).toEqual({ uri: "src/with%20space.ts", uriBaseId: "%SRCROOT%" });
  });

  it("reports an unreadable file as a failed execution with a notification", () => {
    const dir = copyFixture("basic");
    fs.symlinkSync(path.join(dir, "missing.ts"), path.join(dir, "src", "dangling.ts"));
    const run = runCli(["--format", "sarif", "src"], dir);
    expect(run.code).toBe(2);
    const [sarifRun] = sarifOf(run.stdout).runs;
    expect(sarifRun.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: "error",
            message: { text: "cannot read src/dangling.ts: no such file (a broken symbolic link?)" },
            locations: [{ physicalLocation: { artifactLocation: { uri: "src/dangling.ts", uriBaseId: "%SRCROOT%" } } }],
          },
        ],
      },
    ]);
    expect(sarifRun.results).toHaveLength(1);
  });
});
