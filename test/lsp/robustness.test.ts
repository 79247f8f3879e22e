// What editors throw at a server: config files changing under it, fast typing (superseded versions,
// cancellation), a broken tsconfig, code that does not parse, a huge file, and a rule that throws.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancellationTokenSource, FileChangeType, LSPErrorCodes, ResponseError } from "vscode-languageserver-protocol/node";
import { expectedSummary, positions } from "./expected";
import { LspClient, makeProject, REPO, summarize, tsconfig, uriOf, useLspClients } from "./harness";

const SERVICE = `import fs from "node:fs";
import { statPath } from "./helpers.js";

export async function load(path: string): Promise<string> {
  return fs.readFileSync(path, "utf8");
}

export async function size(path: string): Promise<number> {
  return statPath(path).size;
}
`;
const HELPERS = `import fs from "node:fs";\n\nexport const statPath = fs.statSync;\n`;

const start = useLspClients({ checkAlive: true });

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function lastStatus(client: LspClient): unknown {
  return client.notifications.filter((n) => n.method === "asyncLint/status").at(-1)?.params;
}

function logsMatching(client: LspClient, pattern: RegExp): string[] {
  return client.logs.map((l) => l.message).filter((m) => pattern.test(m));
}

describe.each([
  { mode: "push", pull: false },
  { mode: "pull", pull: true },
])("config files ($mode)", ({ pull }) => {
  it("re-checks open documents when async-lint.json changes, and reports an invalid one once", async () => {
    const dir = makeProject({ "src/service.ts": SERVICE, "async-lint.json": '{ "rules": { "no-blocking-call": "warning" } }' });
    const configPath = path.join(dir, "async-lint.json");
    const client = await start({ pull, workspaceFolders: [dir] });
    await client.until(() => client.registrations.includes("workspace/didChangeWatchedFiles"), "file watcher registration");
    const uri = await client.open(path.join(dir, "src/service.ts"));
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["5:10 2 no-blocking-call"]);

    const notifyConfigChanged = async (text: string) => {
      const before = client.published.length;
      const refreshes = client.refreshCount;
      fs.writeFileSync(configPath, text);
      await client.filesChanged([{ uri: uriOf(configPath), type: FileChangeType.Changed }]);
      // Push: a new publish; pull: the server asks the client to pull again.
      if (pull) await client.until(() => client.refreshCount > refreshes, "diagnostic refresh");
      else await client.until(() => client.published.slice(before).some((p) => p.uri === uri), "re-published diagnostics");
    };

    await notifyConfigChanged('{ "rules": { "no-blocking-call": "error" } }');
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["5:10 1 no-blocking-call"]);

    await notifyConfigChanged('{ "rules": { "no-blocking-call": "loud" } }');
    expect(await client.diagnostics(uri)).toEqual([]);
    const problem = `${configPath}:1:34: "rules.no-blocking-call" must be one of "off", "info", "warning", "error", "warn", 0, 1, 2`;
    expect(client.messages).toEqual([`Invalid async-lint config: ${problem}. Files it applies to are not checked until it is fixed.`]);
    expect(lastStatus(client)).toEqual({ state: "error", message: problem });
    // Further edits do not repeat the message.
    await client.change(uri, SERVICE + "\n");
    await client.diagnostics(uri);
    expect(client.messages).toHaveLength(1);

    await notifyConfigChanged('{ "rules": { "no-blocking-call": "info" } }');
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["5:10 3 no-blocking-call"]);
    expect(lastStatus(client)).toEqual({ state: "ok" });
  });
});

describe("superseded versions and cancellation", () => {
  it("push: a burst of edits is checked once, for the last version", async () => {
    const dir = makeProject({ "src/service.ts": SERVICE });
    const client = await start({ workspaceFolders: [dir], initializationOptions: { diagnosticsDelay: 300 } });
    const uri = await client.open(path.join(dir, "src/service.ts"));
    await client.diagnostics(uri);
    for (let i = 1; i <= 5; i++) await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `// ${i}\n` }]);
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["10:10 1 no-blocking-call"]);
    expect(client.published.filter((p) => p.uri === uri).map((p) => p.version)).toEqual([1, 6]);
  });

  it("push: an edit that arrives while the project loads means the loaded result is never published", async () => {
    const dir = makeProject({ "tsconfig.json": tsconfig(), "src/service.ts": SERVICE, "src/helpers.ts": HELPERS });
    const client = await start({ workspaceFolders: [dir], initializationOptions: { diagnosticsDelay: 0 } });
    const uri = await client.open(path.join(dir, "src/service.ts"));
    // The syntax-mode result comes at once; the edit is sent while the project loads (its progress has begun).
    await client.until(() => client.published.some((p) => p.uri === uri) && client.progress.some((e) => e.kind === "begin"), "syntax first, then the load");
    await client.change(uri, "// edited\n" + SERVICE);
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
    // Version 1 only in syntax mode; version 2 in syntax mode while the load went on (if it had not ended), then typed.
    const published = client.published.filter((p) => p.uri === uri).map((p) => [p.version, positions(summarize(p.diagnostics))]);
    expect(published[0]).toEqual([1, ["5:10 1 no-blocking-call"]]);
    expect(published.slice(1).every(([version]) => version === 2)).toBe(true);
    expect(published.at(-1)).toEqual([2, ["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]]);
  });

  it("pull: a cancelled request is answered as cancelled", async () => {
    const dir = makeProject({ "src/service.ts": SERVICE });
    const client = await start({ pull: true, workspaceFolders: [dir], initializationOptions: { diagnosticsDelay: 300 } });
    const uri = await client.open(path.join(dir, "src/service.ts"));
    await client.change(uri, "// edited\n" + SERVICE);
    const source = new CancellationTokenSource();
    const pending = client.pull(uri, undefined, source);
    source.cancel();
    const error = await pending.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError<unknown>).code).toBe(LSPErrorCodes.RequestCancelled);
  });

  it("pull: a request whose document changed during the check asks the client to retrigger", async () => {
    const dir = makeProject({ "tsconfig.json": tsconfig(), "src/service.ts": SERVICE, "src/helpers.ts": HELPERS });
    // Without refresh support the first pull loads the project itself, which takes a while.
    const client = await start({ pull: true, refresh: false, workspaceFolders: [dir], initializationOptions: { diagnosticsDelay: 0 } });
    const uri = await client.open(path.join(dir, "src/service.ts"));
    const pending = client.pull(uri);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.change(uri, "// edited\n" + SERVICE);
    const error = await pending.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError<unknown>).code).toBe(LSPErrorCodes.ServerCancelled);
    expect((error as ResponseError<unknown>).data).toEqual({ retriggerRequest: true });
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call", "10:10 1 no-blocking-call"]);
  });
});

describe.each([
  { mode: "push", pull: false },
  { mode: "pull", pull: true },
])("hard inputs ($mode)", ({ pull }) => {
  it("a broken tsconfig degrades its files to syntax mode with one log message, until it is fixed", async () => {
    const dir = makeProject({ "tsconfig.json": '{ "compilerOptions": { "target": "es2099" }, "include": ["src"] }', "src/service.ts": SERVICE, "src/helpers.ts": HELPERS });
    const file = path.join(dir, "src/service.ts");
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(file);
    const syntax = await client.diagnostics(uri);
    expect(positions(summarize(syntax))).toEqual(["5:10 1 no-blocking-call"]);
    expect(summarize(syntax)).toEqual(expectedSummary(file, SERVICE, { lintSet: [file, path.join(dir, "src/helpers.ts")] }));
    await client.change(uri, SERVICE + "// more\n");
    await client.diagnostics(uri);
    const helpers = await client.open(path.join(dir, "src/helpers.ts"));
    await client.diagnostics(helpers);
    const tsconfigPath = path.join(dir, "tsconfig.json");
    const failures = logsMatching(client, /tsconfig/);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(
      new RegExp(`^Could not load ${escape(tsconfigPath)}: tsconfig\\.json:1:34: Argument for '--target' option must be: 'es\\d.*'esnext'\\. Files it covers are checked without type information until it is fixed\\.$`),
    );

    fs.writeFileSync(tsconfigPath, tsconfig({ include: ["src"] }));
    await client.filesChanged([{ uri: uriOf(tsconfigPath), type: FileChangeType.Changed }]);
    await client.change(uri, SERVICE);
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["5:10 1 no-blocking-call", "9:10 1 no-blocking-call"]);
    expect(logsMatching(client, /tsconfig/).slice(-2)).toEqual([`Project ${tsconfigPath}: 2 files.`, expect.stringMatching(new RegExp(`^Project ${escape(tsconfigPath)} loaded in \\d+ ms \\(\\d+ steps?, the longest \\d+ ms\\)\\.$`))]);
  });

  it("a file with syntax errors gets the findings the parser can recover, then exact ones once fixed", async () => {
    const broken = `import fs from "node:fs";

export async function broken(path: string) {
  const text = fs.readFileSync(path;
  if (text {
    return fs.statSync(path)
}
`;
    const dir = makeProject({ "tsconfig.json": tsconfig(), "src/broken.ts": broken });
    const file = path.join(dir, "src/broken.ts");
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(file);
    const recovered = await client.diagnostics(uri);
    expect(summarize(recovered)).toEqual(expectedSummary(file, broken, { typed: true }));
    expect(positions(summarize(recovered))).toEqual(["4:16 1 no-blocking-call", "6:12 1 no-blocking-call"]);

    const fixed = broken.replace("readFileSync(path;", 'readFileSync(path, "utf8");').replace("if (text {", "if (text) {").replace("statSync(path)\n}", "statSync(path);\n  }\n}");
    await client.change(uri, fixed);
    fs.writeFileSync(file, fixed);
    expect(summarize(await client.diagnostics(uri))).toEqual(expectedSummary(file, fixed, { typed: true }));
  });

  it("a huge file is checked without type information, noted once in the log", async () => {
    const block = (i: number) => `export function helper${i}(values: number[]): number {\n  return values.reduce((sum, value) => sum + value * ${i}, 0);\n}\n\n`;
    let body = 'import fs from "node:fs";\n\n';
    for (let i = 0; body.length < 1_100_000; i++) body += block(i);
    const huge = body + 'export async function last(path: string): Promise<string> {\n  return fs.readFileSync(path, "utf8");\n}\n';
    const lines = huge.split("\n").length;
    const dir = makeProject({ "tsconfig.json": tsconfig(), "src/huge.ts": huge });
    const file = path.join(dir, "src/huge.ts");
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(file);
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual([`${lines - 2}:10 1 no-blocking-call`]);
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: "// big\n" }]);
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual([`${lines - 1}:10 1 no-blocking-call`]);
    expect(logsMatching(client, /characters, more than/)).toEqual([
      `${file} has ${huge.length.toLocaleString("en-US")} characters, more than the 1,000,000 for which type information is used: it is checked in syntax mode.`,
    ]);
    expect(logsMatching(client, /^Project /)).toEqual([]);
  });
});

describe("the typed-linting worker", () => {
  it("dies: logged, the document falls back to syntax mode, and the next check starts a new worker that loads the project", async () => {
    const dir = makeProject({ "tsconfig.json": tsconfig(), "src/service.ts": SERVICE, "src/helpers.ts": HELPERS });
    const file = path.join(dir, "src/service.ts");
    const marker = path.join(dir, "crashed");
    const client = await start({
      workspaceFolders: [dir],
      env: { NODE_OPTIONS: `--require ${path.join(__dirname, "crash-typed-worker.cjs")}`, ASYNC_LINT_TEST_CRASH_MARKER: marker },
    });
    const uri = await client.open(file);
    const syntax = expectedSummary(file, SERVICE, { lintSet: [file, path.join(dir, "src/helpers.ts")] });
    expect(summarize(await client.diagnostics(uri))).toEqual(syntax);
    expect(fs.existsSync(marker)).toBe(true);
    expect(logsMatching(client, /typed-linting worker/)).toEqual([
      "The typed-linting worker exited (code 3). Its documents are checked in syntax mode; the next typed check starts a new one.",
    ]);

    await client.change(uri, SERVICE + "// edited\n");
    expect(summarize(await client.diagnostics(uri))).toEqual(expectedSummary(file, SERVICE, { typed: true }));
    expect(logsMatching(client, /loaded in/)).toHaveLength(2);
    // Both threads' project services found the project (each worker's too): the log says so once.
    expect(logsMatching(client, /^Project .*: \d+ files\.$/)).toEqual([`Project ${path.join(dir, "tsconfig.json")}: 2 files.`]);
  });
});

describe("a rule that throws", () => {
  let serverPath: string;
  afterAll(() => fs.rmSync(path.dirname(serverPath), { recursive: true, force: true }));
  beforeAll(async () => {
    serverPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-throwing-")), "server.js");
    await build({
      entryPoints: [path.join(REPO, "test/lsp/throwing-rule-server.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      outfile: serverPath,
      external: ["typescript"],
      mainFields: ["module", "main"],
      logLevel: "warning",
    });
  });

  it.each([false, true])("is logged once with the file; the other rules still report and the server keeps serving (pull: %s)", async (pull) => {
    const text = `import fs from "node:fs";
declare function explode(): void;

export async function load(path: string): Promise<string> {
  explode();
  return fs.readFileSync(path, "utf8");
}
`;
    const dir = makeProject({ "src/service.ts": text });
    const file = path.join(dir, "src/service.ts");
    const client = await start({ pull, workspaceFolders: [dir], serverPath });
    const uri = await client.open(file);
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call"]);
    await client.change(uri, text + "\n");
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:10 1 no-blocking-call"]);
    const failures = logsMatching(client, /test-throws/);
    expect(failures).toHaveLength(1);
    // A failure on one node: that node's findings are missing, the rest of the file was checked (by that rule too).
    expect(failures[0]).toMatch(
      new RegExp(`^Rule test-throws failed at line 5 of ${escape(file)} \\(the findings there are missing; the rest of the file was checked\\): Error: the test rule exploded\\n    at `),
    );
  });
});
