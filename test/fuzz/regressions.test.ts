// Fuzzer findings (issue 11), each cut down to a small input that failed before its fix: safe fixes of
// require-timeout on broken code (never converging, an inverted edit range, a new syntax error), and stack
// overflows on 10,000-level nesting inside a Promise executor (require-timeout) and a loop body
// (prefer-concurrent-awaits). checkInput applies safe fixes pass by pass, as `--fix` does.
import { describe, expect, it } from "vitest";
import { lintSource } from "../../rules/core/engine";
import { fixesOf } from "../../rules/core/fixes";
import { allRulesSettings, checkInput } from "./check";
import { NESTING_DEPTH } from "./mutators";

function problemsOf(filePath: string, text: string): string[] {
  return checkInput(filePath, text).problems.map((p) => `${p.kind}: ${p.message.split("\n")[0]}`);
}

/** require-timeout's findings: line (1-based) and the titles of their fixes. */
function requireTimeoutFindings(filePath: string, text: string): { line: number; fixes: string[] }[] {
  const result = lintSource({ filePath, text, rules: allRulesSettings() });
  return result.findings.filter((f) => f.ruleId === "require-timeout").map((f) => ({ line: f.location.line, fixes: fixesOf(f).map((fix) => `${fix.safety}: ${fix.title}`) }));
}

describe("require-timeout fixes on broken code", () => {
  // The cut-off template literal swallowed each inserted `, { timeout: 10000 }`, so every pass offered it again.
  it("offers no fix in a call cut off inside a template literal (fixes never converged)", () => {
    const text = 'import axios from "axios";\n\nexport async function getOrder(id: string) {\n  const { data } = await axios.get(`/orders/${id}/';
    expect(problemsOf("/virtual/orders.ts", text)).toEqual([]);
    expect(requireTimeoutFindings("/virtual/orders.ts", text)).toEqual([{ line: 4, fixes: [] }]);
  });

  // `{)` parses as an object literal without a closing brace: its "inside" ran from 59 to 58.
  it("offers no fix in an object literal missing its brace (edit 59-58)", () => {
    const text = "async function load(url) {\n  const res = await fetch(url, {)\n    method: 'GET'\n  })\n  return res.json()\n}\n";
    expect(problemsOf("/virtual/load.js", text)).toEqual([]);
    expect(requireTimeoutFindings("/virtual/load.js", text)).toEqual([{ line: 2, fixes: [] }]);
  });

  // The new property landed after an unterminated string, inside it: syntax errors 3 → 4.
  it("offers no fix when the options object has a syntax error (added an error)", () => {
    const text = "async function login(url, user) {\n  return fetch(url, {\n    body: JSON.stringify(user),\n    redi\"\"\"rect: 'manual'\n  }).then((res) => res.json())\n}\n";
    expect(problemsOf("/virtual/login.js", text)).toEqual([]);
    expect(requireTimeoutFindings("/virtual/login.js", text)).toEqual([{ line: 2, fixes: [] }]);
  });

  // The guard is per call: a well-formed call in a file with errors elsewhere keeps its safe fix.
  it("keeps the fix of a well-formed call when the syntax error is elsewhere in the file", () => {
    const text = "async function ping(url) {\n  await fetch(url, { method: 'HEAD' })\n}\n\nasync function load(url) {\n  const res = await fetch(url, {)\n}\n";
    expect(requireTimeoutFindings("/virtual/ping.js", text)).toEqual([
      { line: 2, fixes: ["safe: Add `signal: AbortSignal.timeout(10000)`"] },
      { line: 6, fixes: [] },
    ]);
    const result = checkInput("/virtual/ping.js", text);
    expect(result.problems).toEqual([]);
    expect(result.fixedText).toContain("await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(10000) })");
  });
});

describe(`${NESTING_DEPTH.toLocaleString("en-US")}-level nesting inside rule-specific contexts`, () => {
  // checkPromise walked the executor body recursively (the overflow surfaced in TsResolver.resolve).
  it("require-timeout: a long promise chain inside a Promise executor", () => {
    const text = `const done = new Promise((resolve) => {\n  const e = x${".then(() => y)".repeat(NESTING_DEPTH)};\n  emitter.once("done", resolve);\n});\n`;
    expect(problemsOf("/virtual/chain.js", text)).toEqual([]);
    // The walk reached the listener after the chain: the unbounded wait is still reported.
    const findings = lintSource({ filePath: "/virtual/chain.js", text, rules: allRulesSettings() }).findings;
    expect(findings.filter((f) => f.ruleId === "require-timeout").map((f) => `${f.messageId}@${f.location.line}`)).toEqual(["eventWait@1"]);
  });

  // ReferenceAnalysis.reads/writes walked recursively (found by the long fuzz run, seed 2662351870).
  it("prefer-concurrent-awaits: a long expression among serial awaits", () => {
    const text = `async function f(a, b) {\n  const x = await g(a);\n  const s = ${"1 + ".repeat(NESTING_DEPTH)}1;\n  const y = await h(b);\n  return [x, y, s];\n}\n`;
    expect(problemsOf("/virtual/run.js", text)).toEqual([]);
  });

  it("prefer-concurrent-awaits: a long expression inside a loop body with awaits", () => {
    const text = `async function f(keys) {\n  for (const k of keys) {\n    const s = ${"1 + ".repeat(NESTING_DEPTH)}1;\n    await g(k);\n    await h(k);\n  }\n}\n`;
    expect(problemsOf("/virtual/loop.js", text)).toEqual([]);
  });
});
