// The core's Python-specific parts: [tool.async-lint] in pyproject.toml, `# noqa` compatibility, file routing.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initPython } from "../lang/python/parser";
import { ConfigError, ConfigResolver, loadConfigFile, parsePyprojectText, resolveRuleSettings } from "./config";
import { languageOf, lintSource } from "./engine";
import { settingsFor } from "./testing/fixtures";

function pyprojectError(text: string): string {
  try {
    parsePyprojectText("/proj/pyproject.toml", text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("pyproject.toml", () => {
  it("reads [tool.async-lint] with the keys of async-lint.json", () => {
    const config = parsePyprojectText(
      "/proj/pyproject.toml",
      `[project]
name = "service"

[tool.async-lint]
ignores = ["migrations/**"]

[tool.async-lint.rules]
no-blocking-call = ["warning", { blocking = [{ module = "db", name = "query_sync", replacement = "query" }] }]
prefer-running-loop = "off"
`,
    )!;
    expect(config.ignores).toEqual(["migrations/**"]);
    const settings = resolveRuleSettings(config);
    expect(settings.get("no-blocking-call")?.severity).toBe("warning");
    expect(settings.get("prefer-running-loop")?.severity).toBe("off");
  });

  it("is no config without the table", () => {
    expect(parsePyprojectText("/proj/pyproject.toml", `[tool.ruff]\nline-length = 100\n`)).toBeUndefined();
  });

  it("names the file, line and column of invalid TOML", () => {
    expect(pyprojectError(`[tool.async-lint]\nignores = ["a",, "b"]\n`)).toMatch(/^\/proj\/pyproject\.toml:2:16: invalid TOML: /);
  });

  it("names the line of an unknown rule in a table, a dotted key or an inline table", () => {
    expect(pyprojectError(`[project]\nname = "x"\n\n[tool.async-lint.rules]\nno-blocking-calls = "error"\n`)).toMatch(
      /^\/proj\/pyproject\.toml:5:1: \[tool\.async-lint\] unknown rule "rules\.no-blocking-calls" \(known rules: /,
    );
    expect(pyprojectError(`[tool.async-lint]\nrules.no-blocking-calls = "error"\n`)).toMatch(/^\/proj\/pyproject\.toml:2:1: /);
    expect(pyprojectError(`[tool.async-lint]\nrules = { no-blocking-call = "loud" }\n`)).toBe(
      '/proj/pyproject.toml:2:11: [tool.async-lint] "rules.no-blocking-call" must be one of "off", "info", "warning", "error", "warn", 0, 1, 2',
    );
  });

  it("nearest wins; a pyproject without the table is skipped; async-lint.json wins in the same folder", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-pyproject-"));
    try {
      fs.mkdirSync(path.join(root, "svc", "pkg"), { recursive: true });
      fs.mkdirSync(path.join(root, "both"));
      fs.writeFileSync(path.join(root, "pyproject.toml"), `[tool.async-lint.rules]\nno-blocking-call = "info"\n`);
      fs.writeFileSync(path.join(root, "svc", "pyproject.toml"), `[tool.black]\nline-length = 88\n`);
      fs.writeFileSync(path.join(root, "both", "pyproject.toml"), `[tool.async-lint.rules]\nno-blocking-call = "off"\n`);
      fs.writeFileSync(path.join(root, "both", "async-lint.json"), `{ "rules": { "no-blocking-call": "warning" } }`);
      const resolver = new ConfigResolver();
      expect(resolver.configFor(path.join(root, "svc", "pkg", "app.py"))?.path).toBe(path.join(root, "pyproject.toml"));
      expect(resolver.configFor(path.join(root, "both", "app.py"))?.path).toBe(path.join(root, "both", "async-lint.json"));
      expect(loadConfigFile(path.join(root, "pyproject.toml")).rules).toEqual({ "no-blocking-call": "info" });
      expect(() => loadConfigFile(path.join(root, "svc", "pyproject.toml"))).toThrow(/svc\/pyproject\.toml: no \[tool\.async-lint\] table/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("Python files in the engine", () => {
  beforeAll(() => initPython());

  it("lints .py and skips .pyi stubs", () => {
    expect(languageOf("app.py")).toBe("python");
    expect(languageOf("app.pyi")).toBeUndefined();
  });

  const lint = (text: string, reportUnusedDirectives: "warning" | "off" = "off") =>
    lintSource({ filePath: "/proj/app.py", text, rules: settingsFor("no-blocking-call"), reportUnusedDirectives }).findings.map(
      (f) => `${f.location.line}:${f.ruleId ?? f.messageId}`,
    );

  it("honours # noqa: bare, mapped codes, and not codes of other checks", () => {
    const text = [
      "import time",
      "async def f():",
      "    time.sleep(1)  # noqa",
      "    time.sleep(1)  # noqa: ASYNC251",
      "    time.sleep(1)  # noqa:ASYNC210,E501",
      "    time.sleep(1)  # noqa: E501",
      "    time.sleep(1)  # noqa: RUF006",
      "    time.sleep(1)  # noqa:",
      "    time.sleep(1)  # pragma: no cover  # noqa: ASYNC251",
      "    time.sleep(1)  # NoQA",
      "",
    ].join("\n");
    expect(lint(text)).toEqual(["6:no-blocking-call", "7:no-blocking-call", "8:no-blocking-call"]);
  });

  it("never reports # noqa comments as unused, but does report unused async-lint directives", () => {
    const text = "x = 1  # noqa: ASYNC251\ny = 2  # async-lint-disable-line no-blocking-call\n";
    expect(lint(text, "warning")).toEqual(["2:unusedDirective"]);
  });

  it("treats # noqa as text in TypeScript", () => {
    const result = lintSource({
      filePath: "/proj/a.ts",
      text: 'import fs from "node:fs";\nexport async function f() { fs.readFileSync("x"); } // noqa\n',
      rules: settingsFor("no-blocking-call"),
    });
    expect(result.findings.map((f) => f.ruleId)).toEqual(["no-blocking-call"]);
  });
});
