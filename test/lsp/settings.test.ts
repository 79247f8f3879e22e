import type { RemoteConsole } from "vscode-languageserver";
import { describe, expect, it } from "vitest";
import { Logger } from "../../server/log";
import { normalizeSettings } from "../../server/settings";

function loggerInto(lines: string[]): Logger {
  const console = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  return new Logger(console as unknown as RemoteConsole);
}

describe("editor settings", () => {
  it("reads rule severities in ESLint's spellings as the canonical ones, and logs a bad one once", () => {
    const lines: string[] = [];
    const log = loggerInto(lines);
    const raw = { rules: { "no-blocking-call": "warn", "require-timeout": 0, "no-unawaited-call": 2, "prefer-concurrent-awaits": "loud" } };
    expect(normalizeSettings(raw, log).rules).toEqual({ "no-blocking-call": "warning", "require-timeout": "off", "no-unawaited-call": "error" });
    normalizeSettings(raw, log);
    expect(lines).toEqual([
      'Ignoring setting asyncLint.rules["prefer-concurrent-awaits"]: "loud" (expected a known rule and off, info, warning or error).',
    ]);
  });
});
