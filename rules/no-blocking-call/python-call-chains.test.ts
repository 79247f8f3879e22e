// Python call-chain summaries are cached per def and reused while the files they read are unchanged: re-linting
// an edited file does not re-analyse the helpers it calls in other files, and editing a helper's file does.
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type LintResult, lintSource } from "../core/engine";
import { settingsFor } from "../core/testing/fixtures";
import { initPython } from "../lang/python/parser";
import { LintSetSources } from "../core/sources";
import { pyCallChainStats } from "./python-call-chains";

const ROOT = path.resolve("/virtual/project");
const file = (name: string) => path.join(ROOT, name);

const UTIL = `def read_file(path):
    with open(path) as f:
        return f.read()


def load_settings(path):
    return read_file(path).strip()
`;

const APP = `from .util import load_settings


async def handler():
    return load_settings("app.ini")
`;

const OTHER = `from pkg.util import load_settings


async def other():
    return load_settings("other.ini")
`;

function project(): LintSetSources {
  const texts = new Map([
    [file("pkg/__init__.py"), ""],
    [file("pkg/util.py"), UTIL],
    [file("pkg/app.py"), APP],
    [file("pkg/other.py"), OTHER],
  ]);
  return new LintSetSources(texts.keys(), (filePath) => {
    const text = texts.get(filePath);
    if (text === undefined) throw new Error(`not in the project: ${filePath}`);
    return text;
  });
}

function lint(sources: LintSetSources, name: string, text: string, options?: Record<string, unknown>): LintResult {
  return lintSource({ filePath: file(name), text, rules: settingsFor("no-blocking-call", options), sources });
}

/** Summaries computed (not taken from the cache) while `run` runs. */
function computedBy(run: () => LintResult): { computed: number; lines: string[] } {
  const before = pyCallChainStats.computed;
  const result = run();
  expect(result.internalErrors).toEqual([]);
  return { computed: pyCallChainStats.computed - before, lines: result.findings.map((f) => `${f.location.line}: ${f.message}`) };
}

const FINDING = "5: `load_settings()` blocks the event loop inside async function 'handler': it calls `open` (util.py:2) via read_file(). Give the helper an async version and await it.";

beforeAll(() => initPython());

describe("no-blocking-call: Python call-chain summaries", () => {
  it("are computed once per def and reused by later lints of the same and of other files", () => {
    const sources = project();
    expect(computedBy(() => lint(sources, "pkg/app.py", APP))).toEqual({ computed: 2, lines: [FINDING] });
    expect(computedBy(() => lint(sources, "pkg/app.py", APP))).toEqual({ computed: 0, lines: [FINDING] });
    // Another module reaching the same helper through an absolute import of the package.
    expect(computedBy(() => lint(sources, "pkg/other.py", OTHER)).computed).toBe(0);
  });

  it("survive an edit of the async file (its helpers live elsewhere) and are recomputed when the helper's file changes", () => {
    const sources = project();
    lint(sources, "pkg/app.py", APP);
    const edited = `# edited\n${APP}`;
    expect(computedBy(() => lint(sources, "pkg/app.py", edited))).toEqual({ computed: 0, lines: [FINDING.replace(/^5:/, "6:")] });

    sources.update(file("pkg/util.py"), UTIL.replace("with open(path) as f:\n        return f.read()", "return path"));
    expect(computedBy(() => lint(sources, "pkg/app.py", edited))).toEqual({ computed: 2, lines: [] });
    expect(computedBy(() => lint(sources, "pkg/app.py", edited))).toEqual({ computed: 0, lines: [] });
  });

  it("are not reused under other options", () => {
    const sources = project();
    lint(sources, "pkg/app.py", APP);
    expect(computedBy(() => lint(sources, "pkg/app.py", APP, { maxDepth: 1 }))).toEqual({ computed: 1, lines: [] });
    expect(computedBy(() => lint(sources, "pkg/app.py", APP, { followCalls: false }))).toEqual({ computed: 0, lines: [] });
  });
});
