// Syntax first while a TypeScript project loads: the opened file's syntax-mode findings at once, the typed ones
// when the project is loaded, and the load shown as work-done progress to clients that declare support for it.
// Each test drives the built server (dist/server.js) over stdio.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { STATUS_NOTIFICATION } from "../../server/protocol";
import { expectedSummary } from "./expected";
import { makeProject, summarize, tsconfig, useLspClients } from "./harness";

const SERVICE = `import fs from "node:fs";
import { statPath } from "./helpers.js";

export async function load(path: string): Promise<string> {
  return fs.readFileSync(path, "utf8");
}

export async function size(path: string): Promise<number> {
  return statPath(path).size;
}
`;

// An alias only the type checker can follow across files: syntax mode does not report `statPath(path)`.
const HELPERS = `import fs from "node:fs";

export const statPath = fs.statSync;
`;

const start = useLspClients();

/**
 * A file of `count` async functions whose awaits and calls ask the checker for generic types: a typed lint of about a
 * second per 500 functions.
 */
function slowToCheck(count: number): string {
  const functions = Array.from(
    { length: count },
    (_, i) => `export async function step${i}(input: number) {
  const boxed = await fetchBox(box(input).map((x) => ({ x, text: String(x) })).map((o) => [o, o] as const));
  fetchBox(boxed.value.value[0].text);
  return boxed.map((v) => v.value).value;
}`,
  );
  return `type Box<T> = { value: T; map<U>(f: (v: T) => U): Box<U> };
declare function box<T>(v: T): Box<T>;
declare function fetchBox<T>(v: T): Promise<Box<T>>;
${functions.join("\n")}
`;
}

function project() {
  const dir = makeProject({ "tsconfig.json": tsconfig(), "src/service.ts": SERVICE, "src/helpers.ts": HELPERS });
  const file = path.join(dir, "src/service.ts");
  return {
    dir,
    file,
    syntax: expectedSummary(file, SERVICE, { lintSet: [file, path.join(dir, "src/helpers.ts")] }),
    typed: expectedSummary(file, SERVICE, { typed: true }),
  };
}

describe("loading a TypeScript project", () => {
  it("publishes the syntax-mode findings first, then the typed ones, with progress around the load (push)", async () => {
    const { dir, file, syntax, typed } = project();
    expect(syntax).toHaveLength(1);
    expect(typed).toHaveLength(2);
    const client = await start({ workspaceFolders: [dir] });
    const uri = await client.open(file);
    const final = await client.diagnostics(uri);

    expect(summarize(final)).toEqual(typed);
    // Exactly two publications of version 1: syntax mode, then typed; nothing identical published twice.
    expect(client.published.filter((p) => p.uri === uri).map((p) => [p.version, summarize(p.diagnostics)])).toEqual([
      [1, syntax],
      [1, typed],
    ]);
    const [create, begin, ...rest] = client.progress;
    expect(create).toEqual({ kind: "create", token: expect.anything() });
    expect(begin).toEqual({ kind: "begin", token: create.token, title: "async-lint", message: `loading TypeScript project ${path.basename(dir)}/tsconfig.json (2 files)` });
    expect(rest.map((event) => event.kind)).toEqual(["report", "end"]);
    expect(rest.every((event) => event.token === create.token)).toBe(true);

    // Loaded: an edit is checked typed at once, without another load or progress.
    const version = await client.change(uri, `${SERVICE}// edited\n`);
    expect(version).toBe(2);
    expect(summarize(await client.diagnostics(uri))).toEqual(typed);
    expect(client.published.filter((p) => p.uri === uri && p.version === 2)).toHaveLength(1);
    expect(client.progress).toHaveLength(4);
  });

  it("answers the first pull in syntax mode and asks for a pull again once the project is loaded (pull)", async () => {
    const { dir, file, syntax, typed } = project();
    const client = await start({ workspaceFolders: [dir], pull: true });
    const uri = await client.open(file);
    const first = await client.pull(uri);
    expect(first.kind === "full" && summarize(first.items)).toEqual(syntax);

    expect(summarize(await client.diagnostics(uri))).toEqual(typed);
    expect(client.refreshCount).toBe(1);
    expect(client.progress.map((event) => event.kind)).toEqual(["create", "begin", "report", "end"]);
  });

  it("says in the status notification which project is loading, and that none is once it is loaded", async () => {
    const { dir, file, typed } = project();
    const client = await start({ workspaceFolders: [dir] });
    const uri = await client.open(file);
    expect(summarize(await client.diagnostics(uri))).toEqual(typed);
    const statuses = () => client.notifications.filter((n) => n.method === STATUS_NOTIFICATION).map((n) => n.params);
    await client.until(() => statuses().length === 2, "the status after the load");
    expect(statuses()).toEqual([{ state: "ok", loading: [{ name: path.join(dir, "tsconfig.json"), files: 2 }] }, { state: "ok" }]);
    // The load's status brackets its progress: sent before the progress begins, and after it ends.
    const order = client.events.filter((event) => event === "status" || event === "begin" || event === "end");
    expect(order).toEqual(["status", "begin", "end", "status"]);
  });

  it("loads a large project in steps, handling what the client sends between them", async () => {
    const modules = 300;
    const files: Record<string, string> = { "tsconfig.json": tsconfig(), "src/service.ts": SERVICE, "src/helpers.ts": HELPERS };
    // Enough code that parsing it takes many steps: each module a few dozen declarations.
    const body = Array.from({ length: 40 }, (_, i) => `export interface Shape${i} { id: number; name: string; next?: Shape${i} }\nexport function make${i}(id: number): Shape${i} { return { id, name: String(id) }; }`).join("\n");
    for (let module = 0; module < modules; module++) files[`src/generated/module${module}.ts`] = body;
    const dir = makeProject(files);
    const loose = makeProject({ "loose.ts": SERVICE });
    const client = await start({ workspaceFolders: [dir, loose] });
    const uri = await client.open(path.join(dir, "src/service.ts"));
    const stepMessage = new RegExp(`^loading ${path.basename(dir)}/tsconfig\\.json: [\\d,]+ of ${modules + 2} files$`);
    const reports = () => client.progress.flatMap((event) => (event.kind === "report" ? [event.message] : []));
    await client.until(() => reports().length > 0, "the first step of the load");
    expect(reports()[0]).toMatch(stepMessage);

    // A file of no project, opened while the load is under way, is checked before the load ends.
    const looseUri = await client.open(path.join(loose, "loose.ts"));
    await client.until(() => client.published.some((p) => p.uri === looseUri), "the loose file's diagnostics");
    expect(reports().some((message) => message?.startsWith("binding types"))).toBe(false);

    expect(summarize(await client.diagnostics(uri))).toEqual(expectedSummary(path.join(dir, "src/service.ts"), SERVICE, { typed: true }));
    expect(reports().length).toBeGreaterThan(2);
    expect(reports().at(-1)).toMatch(/^binding types of [\d,]+ files$/);
  });

  it("answers other documents and requests while a long typed lint runs (in the typed-linting worker)", async () => {
    const big = slowToCheck(500);
    const python = "import time\n\nasync def handler():\n    time.sleep(1)\n";
    const dir = makeProject({ "tsconfig.json": tsconfig(), "src/big.ts": big, "tools/job.py": python });
    const client = await start({ workspaceFolders: [dir] });
    const uri = await client.open(path.join(dir, "src/big.ts"));
    const bigPublished = () => client.published.filter((p) => p.uri === uri);
    await client.until(() => client.logs.some((l) => /^Project .* loaded in \d+ ms/.test(l.message)), "the project's load");
    // The first typed lint of big.ts has started: the Python document's diagnostics, and a request, do not wait for it.
    const pythonUri = await client.open(path.join(dir, "tools/job.py"));
    await client.until(() => client.published.some((p) => p.uri === pythonUri), "the Python document's diagnostics");
    const actions = await client.codeActions(pythonUri, { start: { line: 3, character: 4 }, end: { line: 3, character: 17 } }, client.published.find((p) => p.uri === pythonUri)!.diagnostics);
    expect(actions.length).toBeGreaterThan(0);
    expect(bigPublished().map((p) => p.version)).toEqual([1]);

    const typed = await client.diagnostics(uri);
    expect(bigPublished().map((p) => p.version)).toEqual([1, 1]);
    expect(typed.length).toBeGreaterThanOrEqual(500);
  });

  it("stops a typed check of a version the document has left (in the typed-linting worker)", async () => {
    const big = slowToCheck(1000);
    const dir = makeProject({ "tsconfig.json": tsconfig(), "src/big.ts": big });
    const client = await start({ workspaceFolders: [dir] });
    const uri = await client.open(path.join(dir, "src/big.ts"));
    const versions = () => client.published.filter((p) => p.uri === uri).map((p) => p.version);
    await client.until(() => versions().length === 2, "the typed diagnostics");
    // How long one typed check takes, edit to diagnostics: the shorter of the third and fourth edits (the first checks
    // after the load are slower, before V8 has optimised the checker).
    const check = async (version: number): Promise<number> => {
      const started = performance.now();
      const edited = await client.change(uri, `${big}// ${version}\n`);
      await client.until(() => versions().includes(edited), `the diagnostics of version ${edited}`);
      return performance.now() - started;
    };
    await check(2);
    await check(3);
    const oneCheck = Math.min(await check(4), await check(5));
    // An edit, then another while the first one's check runs: the second is published about one check later, not
    // after the rest of the first one's check (two thirds of one) and its own.
    const left = await client.change(uri, `${big}// 6\n`);
    await new Promise((resolve) => setTimeout(resolve, oneCheck / 3));
    const elapsed = await check(7);
    expect(versions()).not.toContain(left);
    expect(elapsed).toBeLessThan(1.35 * oneCheck);
  });

  it("reports no progress to a client that does not declare window.workDoneProgress", async () => {
    const { dir, file, syntax, typed } = project();
    const client = await start({ workspaceFolders: [dir], workDoneProgress: false });
    const uri = await client.open(file);
    await client.until(() => client.published.filter((p) => p.uri === uri).length === 2, "the typed diagnostics");
    expect(client.published.filter((p) => p.uri === uri).map((p) => summarize(p.diagnostics))).toEqual([syntax, typed]);
    await client.barrier();
    expect(client.progress).toEqual([]);
  });
});
