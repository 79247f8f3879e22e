import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, ConfigResolver, parseConfigText, resolveRuleSettings } from "./config";

function errorOf(text: string): string {
  try {
    parseConfigText("/proj/async-lint.json", text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("async-lint.json", () => {
  it("accepts severities, [severity, options] and ignores", () => {
    const config = parseConfigText(
      "/proj/async-lint.json",
      `{
  // comments are allowed, as in tsconfig.json
  "$schema": "./node_modules/async-lint/schema/async-lint.schema.json",
  "rules": { "no-blocking-call": ["warning", { "blocking": [{ "module": "db", "name": "qSync", "replacement": "q" }] }] },
  "ignores": ["generated/**"],
}`,
    );
    const settings = resolveRuleSettings(config);
    expect(settings.get("no-blocking-call")).toEqual({ severity: "warning", options: { blocking: [{ module: "db", name: "qSync", replacement: "q" }], followCalls: true, maxDepth: 4 } });
    expect(config.ignores).toEqual(["generated/**"]);
  });

  it("names the file, line and column of invalid JSON", () => {
    expect(errorOf(`{\n  "rules": {\n    "no-blocking-call": "error",,\n  }\n}`)).toBe("/proj/async-lint.json:3:33: invalid JSON: property name expected");
  });

  it("names an unknown rule and where it is", () => {
    expect(errorOf(`{\n  "rules": {\n    "no-blocking-calls": "error"\n  }\n}`)).toMatch(
      /^\/proj\/async-lint\.json:3:5: unknown rule "rules\.no-blocking-calls" \(known rules: no-blocking-call, /,
    );
  });

  it("accepts ESLint's spellings: \"warn\" and 0/1/2, read as the canonical severities", () => {
    const config = parseConfigText(
      "/proj/async-lint.json",
      `{ "rules": { "no-blocking-call": "warn", "require-timeout": 0, "prefer-concurrent-awaits": [1], "no-unawaited-call": [2, {}], "prefer-running-loop": "info" } }`,
    );
    const severities = Object.fromEntries([...resolveRuleSettings(config)].map(([id, setting]) => [id, setting.severity]));
    expect(severities).toMatchObject({
      "no-blocking-call": "warning",
      "require-timeout": "off",
      "prefer-concurrent-awaits": "warning",
      "no-unawaited-call": "error",
      "prefer-running-loop": "info",
    });
  });

  it("names a bad severity", () => {
    expect(errorOf(`{ "rules": { "no-blocking-call": "fatal" } }`)).toBe(
      `/proj/async-lint.json:1:34: "rules.no-blocking-call" must be one of "off", "info", "warning", "error", "warn", 0, 1, 2`,
    );
    expect(errorOf(`{ "rules": { "no-blocking-call": 3 } }`)).toBe(
      `/proj/async-lint.json:1:34: "rules.no-blocking-call" must be one of "off", "info", "warning", "error", "warn", 0, 1, 2`,
    );
  });

  it("names a bad rule option", () => {
    expect(errorOf(`{ "rules": { "no-blocking-call": ["error", { "blocking": [{ "module": "x" }] }] } }`)).toMatch(
      /^\/proj\/async-lint\.json:1:\d+: "rules\.no-blocking-call\.1\.blocking\.0" must have required property 'name'$/,
    );
  });

  it("names an unknown top-level key", () => {
    expect(errorOf(`{ "rulez": {} }`)).toBe(`/proj/async-lint.json:1:3: unknown key "rulez"`);
  });

  it("the nearest config wins, without merging", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-config-"));
    fs.mkdirSync(path.join(root, "pkg", "src"), { recursive: true });
    fs.writeFileSync(path.join(root, "async-lint.json"), `{ "rules": { "no-blocking-call": "off" }, "ignores": ["x"] }`);
    fs.writeFileSync(path.join(root, "pkg", "async-lint.json"), `{ "rules": {} }`);
    const resolver = new ConfigResolver();
    expect(resolver.configFor(path.join(root, "a.ts"))?.path).toBe(path.join(root, "async-lint.json"));
    const nested = resolver.configFor(path.join(root, "pkg", "src", "b.ts"));
    expect(nested?.path).toBe(path.join(root, "pkg", "async-lint.json"));
    expect(resolveRuleSettings(nested).get("no-blocking-call")?.severity).toBe("error");
    fs.rmSync(root, { recursive: true });
  });
});
