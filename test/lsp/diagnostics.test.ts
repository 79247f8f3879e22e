// Diagnostics over the protocol, in both delivery modes: exact results after open and after edits, typed and
// syntax mode, settings, untitled documents. Each test drives the built server (dist/server.js) over stdio.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { type Diagnostic, DiagnosticSeverity, FileChangeType } from "vscode-languageserver-protocol";
import { initPython } from "../../rules/lang/python/parser";
import type { DiagnosticData } from "../../server/convert";
import { expectedFindings, expectedSummary, positions } from "./expected";
import { makeProject, SERVER, summarize, tsconfig, uriOf, useLspClients } from "./harness";

const SERVICE = `import fs from "node:fs";
import { execSync } from "node:child_process";
import { statPath } from "./helpers.js";

export async function load(path: string): Promise<string> {
  return fs.readFileSync(path, "utf8");
}

export async function revision(): Promise<string> {
  return execSync("git rev-parse HEAD").toString();
}

export async function size(path: string): Promise<number> {
  return statPath(path).size;
}

export function loadSync(path: string): string {
  return fs.readFileSync(path, "utf8");
}
`;

// An alias only the type checker can follow across files.
const HELPERS = `import fs from "node:fs";

export const statPath = fs.statSync;
`;

/** The tsconfig text with `compilerOptions.allowJs` on. */
function allowingJs(tsconfigText: string): string {
  const config = JSON.parse(tsconfigText) as { compilerOptions: Record<string, unknown> };
  return JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, allowJs: true } });
}

function severities(diagnostics: Diagnostic[]): (DiagnosticSeverity | undefined)[] {
  return diagnostics.filter((d) => d.code === "no-blocking-call").map((d) => d.severity);
}

const start = useLspClients();

describe.each([
  { mode: "push", pull: false },
  { mode: "pull", pull: true },
])("diagnostics ($mode)", ({ pull }) => {
  it("reports exactly the typed findings after open, and after each edit", async () => {
    const dir = makeProject({ "tsconfig.json": tsconfig(), "src/service.ts": SERVICE, "src/helpers.ts": HELPERS });
    const file = path.join(dir, "src/service.ts");
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(file);

    const opened = await client.diagnostics(uri);
    expect(positions(summarize(opened))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call", "14:10 1 no-blocking-call"]);
    expect(summarize(opened)).toEqual(expectedSummary(file, SERVICE, { typed: true }));
    for (const diagnostic of opened) {
      expect(diagnostic.source).toBe("async-lint");
      // The rule's docs page as installed beside the server (dist/../rules/<id>/README.md): there offline.
      expect(diagnostic.codeDescription).toEqual({ href: pathToFileURL(path.resolve(SERVER, "../../rules/no-blocking-call/README.md")).href });
      expect(fs.readFileSync(fileURLToPath(diagnostic.codeDescription!.href), "utf8")).toMatch(/^# no-blocking-call$/m);
      expect(diagnostic.data).toMatchObject({ version: 1, ruleId: "no-blocking-call" });
    }
    // Fixes are not built to publish diagnostics: a code action builds them from the finding of this version.
    const first = opened.find((d) => d.code === "no-blocking-call")!;
    expect(first.data as DiagnosticData).toEqual({ version: 1, ruleId: "no-blocking-call" });
    const actions = await client.codeActions(uri, first.range, [first], ["quickfix"]);
    expect(actions.filter((a) => !a.title.startsWith("Disable") && !a.title.startsWith("Show documentation"))).toEqual([
      {
        title: "Use await fs.promises.readFile()",
        kind: "quickfix",
        diagnostics: [first],
        isPreferred: true,
        edit: {
          documentChanges: [
            { textDocument: { uri, version: 1 }, edits: [{ range: { start: { line: 5, character: 9 }, end: { line: 5, character: 24 } }, newText: "await fs.promises.readFile" }] },
          ],
        },
      },
    ]);

    // Edit 1: the first blocking call is rewritten by hand; the other findings stay where they are.
    const edited = SERVICE.replace('return fs.readFileSync(path, "utf8");\n}\n\nexport async function revision', 'return fs.promises.readFile(path, "utf8");\n}\n\nexport async function revision');
    await client.change(uri, [{ range: { start: { line: 5, character: 9 }, end: { line: 5, character: 24 } }, newText: "fs.promises.readFile" }]);
    expect(client.document(uri).getText()).toBe(edited);
    fs.writeFileSync(file, edited);
    const afterEdit = await client.diagnostics(uri);
    expect(positions(summarize(afterEdit))).toEqual(["10:10 1 no-blocking-call", "14:10 1 no-blocking-call"]);
    expect(summarize(afterEdit)).toEqual(expectedSummary(file, edited, { typed: true }));
    expect(afterEdit.map((d) => (d.data as DiagnosticData).version)).toEqual(afterEdit.map(() => 2));

    // Edit 2: two lines inserted at the top move every finding down by two.
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: "// service\n// of orders\n" }]);
    const moved = await client.diagnostics(uri);
    expect(positions(summarize(moved))).toEqual(["12:10 1 no-blocking-call", "16:10 1 no-blocking-call"]);
  });

  it("carries a finding's related locations", async () => {
    const text = `import fs from "node:fs";

function readConfig(): string {
  return fs.readFileSync("config.json", "utf8");
}

export async function start(): Promise<string> {
  return readConfig();
}
`;
    const dir = makeProject({ "src/start.ts": text });
    const file = path.join(dir, "src/start.ts");
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(file);
    const [diagnostic] = (await client.diagnostics(uri)).filter((d) => d.code === "no-blocking-call");
    expect(positions(summarize([diagnostic]))).toEqual(["8:10 1 no-blocking-call"]);
    const [finding] = expectedFindings(file, text).filter((f) => f.ruleId === "no-blocking-call");
    expect(finding.related.length).toBeGreaterThan(0);
    expect(diagnostic.relatedInformation).toEqual(
      finding.related.map((related) => ({
        location: {
          uri: uriOf(related.filePath ?? file),
          range: {
            start: { line: related.location.line - 1, character: related.location.column - 1 },
            end: { line: related.location.endLine - 1, character: related.location.endColumn - 1 },
          },
        },
        message: related.message,
      })),
    );
    // The blocking call itself is among them.
    expect(diagnostic.relatedInformation!.map((r) => r.location.range.start.line)).toContain(3);
  });

  it("re-checks with another open document's unsaved text (the project is updated from open documents)", async () => {
    const dir = makeProject({ "tsconfig.json": tsconfig(), "src/service.ts": SERVICE, "src/helpers.ts": HELPERS });
    const client = await start({ pull, workspaceFolders: [dir] });
    const service = await client.open(path.join(dir, "src/service.ts"));
    expect(positions(summarize(await client.diagnostics(service)))).toContain("14:10 1 no-blocking-call");

    const helpers = await client.open(path.join(dir, "src/helpers.ts"));
    const publishedBefore = client.published.length;
    await client.change(helpers, "export function statPath(path: string): { size: number } {\n  return { size: path.length };\n}\n");
    await client.diagnostics(helpers);
    // Push: the server re-checks other open documents by itself; pull: the client asks again (interFileDependencies).
    if (!pull) {
      await client.until(() => client.published.slice(publishedBefore).some((p) => p.uri === service && positions(summarize(p.diagnostics)).length === 2), "service re-checked");
    }
    expect(positions(summarize(await client.diagnostics(service)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
  });

  it("types a document through a solution tsconfig's references (the layout of `npm create vite`), and follows an edit of the referenced tsconfig", async () => {
    const dir = makeProject({
      "tsconfig.json": JSON.stringify({ files: [], references: [{ path: "./tsconfig.app.json" }, { path: "./tsconfig.node.json" }] }),
      "tsconfig.app.json": tsconfig(),
      "tsconfig.node.json": tsconfig({ include: ["vite.config.ts"] }),
      "vite.config.ts": "export default {};\n",
      "src/service.ts": SERVICE,
      "src/helpers.ts": HELPERS,
    });
    const file = path.join(dir, "src/service.ts");
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(file);
    const typed = await client.diagnostics(uri);
    expect(positions(summarize(typed))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call", "14:10 1 no-blocking-call"]);
    expect(summarize(typed)).toEqual(expectedSummary(file, SERVICE, { typed: true }));
    expect(client.logs.map((l) => l.message).filter((m) => /^Project .*: \d+ files\.$/.test(m))).toEqual([`Project ${path.join(dir, "tsconfig.app.json")}: 2 files.`]);

    // The referenced tsconfig no longer lists src/: the document is checked without types.
    fs.writeFileSync(path.join(dir, "tsconfig.app.json"), tsconfig({ include: ["lib"] }));
    await client.filesChanged([{ uri: uriOf(path.join(dir, "tsconfig.app.json")), type: FileChangeType.Changed }]);
    await client.change(uri, SERVICE + "// edited\n");
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
  });

  it("types imports from a referenced project by its sources, built or not (as tsserver)", async () => {
    const lib = JSON.parse(tsconfig({ include: ["src"] })) as { compilerOptions: Record<string, unknown> };
    const dir = makeProject({
      "packages/lib/tsconfig.json": JSON.stringify({ ...lib, compilerOptions: { ...lib.compilerOptions, noEmit: false, composite: true, outDir: "dist" } }),
      "packages/lib/src/helpers.ts": HELPERS,
      "packages/app/tsconfig.json": tsconfig({ include: ["src"], references: [{ path: "../lib" }] }),
      "packages/app/src/service.ts": SERVICE.replace("./helpers.js", "../../lib/src/helpers.js"),
    });
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(path.join(dir, "packages/app/src/service.ts"));
    // packages/lib/dist does not exist: typed by lib's .d.ts output, `statPath` would be unknown (no 14:10).
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call", "14:10 1 no-blocking-call"]);
  });

  it("loads a project again, options and files, when a config its tsconfig extends changes (tsconfig.base.json)", async () => {
    // helpers.js is JavaScript: without allowJs the checker does not see that statPath is fs.statSync.
    const dir = makeProject({
      "tsconfig.json": JSON.stringify({ extends: "./tsconfig.base.json" }),
      "tsconfig.base.json": tsconfig({ include: ["src"] }),
      "src/service.ts": SERVICE,
      "src/helpers.js": HELPERS,
    });
    const file = path.join(dir, "src/service.ts");
    const base = path.join(dir, "tsconfig.base.json");
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(file);
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);

    // An option of the base: the project is built again with it, and the helper's blocking call is found through it.
    fs.writeFileSync(base, allowingJs(tsconfig({ include: ["src"] })));
    await client.filesChanged([{ uri: uriOf(base), type: FileChangeType.Changed }]);
    await client.change(uri, SERVICE + "// edited\n");
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call", "14:10 1 no-blocking-call"]);

    // The base's file list: it no longer includes src/, so the document is checked without types.
    fs.writeFileSync(base, allowingJs(tsconfig({ include: ["lib"] })));
    await client.filesChanged([{ uri: uriOf(base), type: FileChangeType.Changed }]);
    await client.change(uri, SERVICE + "// edited again\n");
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
  });

  it("checks files outside any tsconfig in syntax mode, and with an inferred project when typed is on", async () => {
    const dir = makeProject({ "loose/service.ts": SERVICE, "loose/helpers.ts": HELPERS });
    const file = path.join(dir, "loose/service.ts");
    const auto = await start({ pull, workspaceFolders: [dir] });
    const uri = await auto.open(file);
    const syntax = await auto.diagnostics(uri);
    // Syntax mode cannot see through `statPath = fs.statSync` in another file.
    expect(positions(summarize(syntax))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
    expect(summarize(syntax)).toEqual(expectedSummary(file, SERVICE, { lintSet: [file, path.join(dir, "loose/helpers.ts")] }));

    const on = await start({ pull, workspaceFolders: [dir], settings: { typed: "on" } });
    const inferred = await on.open(file);
    expect(positions(summarize(await on.diagnostics(inferred)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call", "14:10 1 no-blocking-call"]);
  });

  it("applies asyncLint.rules over the config file, and reports nothing when disabled", async () => {
    const dir = makeProject({ "src/service.ts": SERVICE, "async-lint.json": '{ "rules": { "no-blocking-call": "warning" } }' });
    const file = path.join(dir, "src/service.ts");
    const fromConfig = await start({ pull, workspaceFolders: [dir] });
    const uri = await fromConfig.open(file);
    expect(severities(await fromConfig.diagnostics(uri))).toEqual([DiagnosticSeverity.Warning, DiagnosticSeverity.Warning]);

    const overridden = await start({ pull, workspaceFolders: [dir], settings: { rules: { "no-blocking-call": "info" } } });
    const uri2 = await overridden.open(file);
    expect(severities(await overridden.diagnostics(uri2))).toEqual([DiagnosticSeverity.Information, DiagnosticSeverity.Information]);

    const disabled = await start({ pull, workspaceFolders: [dir], settings: { enable: false } });
    const uri3 = await disabled.open(file);
    expect(await disabled.diagnostics(uri3)).toEqual([]);
  });

  it("hides what async-lint-suppressions.json records, and shows all of a rule's findings once there are more", async () => {
    const suppressions = (count: number) => JSON.stringify({ "src/service.ts": { "no-blocking-call": { count } } });
    const dir = makeProject({ "src/service.ts": SERVICE, "async-lint-suppressions.json": suppressions(2) });
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(path.join(dir, "src/service.ts"));
    expect(await client.diagnostics(uri)).toEqual([]);

    const recordedOne = makeProject({ "src/service.ts": SERVICE, "async-lint-suppressions.json": suppressions(1) });
    const other = await start({ pull, workspaceFolders: [recordedOne] });
    const uri2 = await other.open(path.join(recordedOne, "src/service.ts"));
    expect(positions(summarize(await other.diagnostics(uri2)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
  });

  it("does not check a file the CLI ignores (.gitignore, `ignores`, node_modules), and checks it once it is not", async () => {
    const dir = makeProject({
      "src/service.ts": SERVICE,
      "generated/service.ts": SERVICE,
      "build/service.ts": SERVICE,
      "node_modules/lib/service.ts": SERVICE,
      "async-lint.json": '{ "ignores": ["generated/"] }',
      ".gitignore": "build/\n",
    });
    const client = await start({ pull, workspaceFolders: [dir] });
    const checked = await client.open(path.join(dir, "src/service.ts"));
    expect(positions(summarize(await client.diagnostics(checked)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
    const ignored = await Promise.all(["generated/service.ts", "build/service.ts", "node_modules/lib/service.ts"].map((file) => client.open(path.join(dir, file))));
    for (const uri of ignored) expect(await client.diagnostics(uri), uri).toEqual([]);
    expect(client.logText()).toContain(`${path.join(dir, "build/service.ts")} is ignored (by .gitignore): it is not checked`);

    // The .gitignore changes on disk: the file it no longer ignores is checked.
    fs.writeFileSync(path.join(dir, ".gitignore"), "dist/\n");
    await client.filesChanged([{ uri: uriOf(path.join(dir, ".gitignore")), type: 2 }]);
    await expect.poll(async () => positions(summarize(await client.diagnostics(ignored[1]))), { timeout: 15_000 }).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
    expect(await client.diagnostics(ignored[0])).toEqual([]);
  });

  it("checks a workspace folder that a .gitignore above it ignores, as `async-lint .` run there does", async () => {
    const outer = makeProject({
      ".gitignore": "vendor/\n",
      "vendor/app/src/service.ts": SERVICE,
      "vendor/app/out/service.ts": SERVICE,
      "vendor/app/.gitignore": "out/\n",
    });
    fs.mkdirSync(path.join(outer, ".git"));
    const folder = path.join(outer, "vendor/app");
    const client = await start({ pull, workspaceFolders: [folder] });
    const checked = await client.open(path.join(folder, "src/service.ts"));
    expect(positions(summarize(await client.diagnostics(checked)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
    // The ignore rules inside the folder still apply.
    const ignored = await client.open(path.join(folder, "out/service.ts"));
    expect(await client.diagnostics(ignored)).toEqual([]);
  });

  it("takes settings per workspace folder (multi-root), and types files opened without a folder", async () => {
    const first = makeProject({ "src/service.ts": SERVICE });
    const second = makeProject({ "src/service.ts": SERVICE });
    const client = await start({
      pull,
      workspaceFolders: [first, second],
      settings: (scopeUri) => (scopeUri?.startsWith(uriOf(second)) ? { rules: { "no-blocking-call": "info" } } : {}),
    });
    const one = await client.open(path.join(first, "src/service.ts"));
    const two = await client.open(path.join(second, "src/service.ts"));
    expect(severities(await client.diagnostics(one))).toEqual([DiagnosticSeverity.Error, DiagnosticSeverity.Error]);
    expect(severities(await client.diagnostics(two))).toEqual([DiagnosticSeverity.Information, DiagnosticSeverity.Information]);

    const typed = makeProject({ "tsconfig.json": tsconfig(), "src/service.ts": SERVICE, "src/helpers.ts": HELPERS });
    const noFolder = await start({ pull });
    const loose = await noFolder.open(path.join(typed, "src/service.ts"));
    expect(positions(summarize(await noFolder.diagnostics(loose)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call", "14:10 1 no-blocking-call"]);
  });

  it("checks untitled documents from their text, by language", async () => {
    const client = await start({ pull });
    const text = 'import { readFileSync } from "fs";\nexport const main = async () => readFileSync("x");\n';
    const uri = await client.open("untitled:Untitled-1", text, "typescript");
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["2:33 1 no-blocking-call"]);
    const js = await client.open("untitled:Untitled-2", text.replace("import { readFileSync } from \"fs\"", 'const { readFileSync } = require("fs")'), "javascript");
    expect(positions(summarize(await client.diagnostics(js)))).toEqual(["2:33 1 no-blocking-call"]);
  });

  it("checks Python documents through the same core, once the Python parser has loaded", async () => {
    await initPython();
    const text = "import time\n\n\nasync def handler():\n    time.sleep(1)\n    return 1\n";
    const dir = makeProject({ "app.py": text });
    const client = await start({ pull, workspaceFolders: [dir] });
    const file = path.join(dir, "app.py");
    const uri = await client.open(file);
    expect(summarize(await client.diagnostics(uri))).toEqual(expectedSummary(file, text));
    expect(client.logs.filter((l) => l.type === 1).map((l) => l.message)).toEqual([]);
  });

  it("with run: onSave, checks on open and save only", async () => {
    const dir = makeProject({ "src/service.ts": SERVICE });
    const client = await start({ pull, workspaceFolders: [dir], settings: { run: "onSave" } });
    const uri = await client.open(path.join(dir, "src/service.ts"));
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
    await client.change(uri, SERVICE.replace("import fs from", "// nothing\nimport fs from"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.barrier();
    if (pull) {
      // Between saves the last result stands (at its old positions).
      expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
    } else {
      expect(client.published.filter((p) => p.uri === uri && p.version === 2)).toEqual([]);
    }
    await client.save(uri);
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["7:10 1 no-blocking-call", "11:10 1 no-blocking-call"]);
  });
});
