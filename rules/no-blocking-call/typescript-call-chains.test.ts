// TypeScript call-chain summaries are kept per helper across lints while the files they read are unchanged, and
// only under the options they were computed with.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { lintSource } from "../core/engine";
import { LintSetSources } from "../core/sources";
import { settingsFor } from "../core/testing/fixtures";

const ROOT = path.resolve("/virtual/ts-project");
const file = (name: string) => path.join(ROOT, name);

const UTIL = `import { querySync } from "mydb";

export function loadUser(id: string) {
  return querySync("select * from users where id = ?", id);
}
`;

const APP = `import { loadUser } from "./util";

export async function handler(id: string) {
  return loadUser(id);
}
`;

function project(): LintSetSources {
  const texts = new Map([
    [file("util.ts"), UTIL],
    [file("app.ts"), APP],
  ]);
  return new LintSetSources(texts.keys(), (filePath) => texts.get(filePath)!);
}

function findingsOf(sources: LintSetSources, blocking: { module: string; name: string; replacement: string }[]): string[] {
  const result = lintSource({ filePath: file("app.ts"), text: APP, rules: settingsFor("no-blocking-call", { blocking }), sources });
  expect(result.internalErrors).toEqual([]);
  return result.findings.map((f) => `${f.location.line}: ${f.message}`);
}

describe("no-blocking-call: TypeScript call-chain summaries", () => {
  it("are not reused under another table of blocking calls, even one as long", () => {
    const sources = project();
    expect(findingsOf(sources, [{ module: "otherdb", name: "querySync", replacement: "query" }])).toEqual([]);
    expect(findingsOf(sources, [{ module: "mydb", name: "querySync", replacement: "query" }])).toEqual([
      "4: `loadUser()` blocks the event loop inside async function 'handler': it calls `querySync` (util.ts:4). Give the helper an async version and await it.",
    ]);
  });
});

describe("no-blocking-call: helpers cut short by the depth limit", () => {
  const text = `import * as fs from "node:fs";

function e() { return fs.readFileSync("x"); }
function d() { return e(); }
function c() { return d(); }
function b() { return c(); }
function a() { return b(); }

export async function tooDeep() { return a(); }
export async function withinReach() { return c(); }
`;

  it("are summarized again when entered nearer the async code, whichever call is checked first", () => {
    const result = lintSource({ filePath: file("deep.ts"), text, rules: settingsFor("no-blocking-call", { maxDepth: 4 }) });
    expect(result.findings.map((f) => `${f.location.line}: ${f.message}`)).toEqual([
      "10: `c()` blocks the event loop inside async function 'withinReach': it calls `fs.readFileSync` (deep.ts:3) via d() → e(). Give the helper an async version and await it.",
    ]);
  });
});
