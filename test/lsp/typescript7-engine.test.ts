// `asyncLint.engine: "ts7"`: the built server over stdio answers no-unawaited-call's type questions with TypeScript
// 7's native compiler, keeps the project's session across edits, switches engines when the setting changes, and
// falls back to syntax-mode findings with one message when TypeScript 7 is missing or fails.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { expectedSummary } from "./expected";
import { LspClient, makeProject, summarize, tsconfig, useLspClients } from "./harness";

const JOBS = `export interface Jobs {
  reload?: () => Promise<void>;
}
`;

// `jobs.reload?.()` returns a promise only the types tell of; `loadAll()` is seen from its declaration alone.
const MAIN = `import type { Jobs } from "./jobs.js";

declare function loadAll(): Promise<void>;

export function run(jobs: Jobs): void {
  jobs.reload?.();
  loadAll();
}
`;

const EDITED = `import type { Jobs } from "./jobs.js";

declare function loadAll(): Promise<void>;

export async function run(jobs: Jobs): Promise<void> {
  await loadAll();
  jobs.reload?.();
  jobs.reload?.();
}
`;

const TIMEOUT = 120_000;

const start = useLspClients();

function project() {
  const dir = makeProject({ "tsconfig.json": tsconfig(), "src/jobs.ts": JOBS, "src/main.ts": MAIN });
  const file = path.join(dir, "src/main.ts");
  const lintSet = [file, path.join(dir, "src/jobs.ts")];
  return {
    dir,
    file,
    syntax: expectedSummary(file, MAIN, { lintSet }),
    typed: expectedSummary(file, MAIN, { typed: true }),
    editedTyped: typedAsOnDisk(file, EDITED),
    editedSyntax: expectedSummary(file, EDITED, { lintSet }),
  };
}

/** The typed findings of a text the editor has (the core's typed mode reads the file from the disk). */
function typedAsOnDisk(file: string, text: string): string[] {
  const saved = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, text);
  try {
    return expectedSummary(file, text, { typed: true });
  } finally {
    fs.writeFileSync(file, saved);
  }
}

/** The processes the server started (TypeScript 7's native compiler, when its session is open). */
function childrenOf(pid: number): number[] {
  const list = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return list ? list.split(/\s+/).map(Number) : [];
}

const ts7Messages = (client: LspClient) => client.logs.filter((l) => l.message.includes('asyncLint.engine "ts7"')).map((l) => l.message);

describe('asyncLint.engine "ts7"', () => {
  it("gives the typed findings from TypeScript 7, updates them after edits, and switches engines with the setting", { timeout: TIMEOUT }, async () => {
    const { dir, file, syntax, typed, editedTyped } = project();
    // The fixture's point: one finding needs the types.
    expect(syntax).toHaveLength(1);
    expect(typed).toHaveLength(2);
    expect(editedTyped).toHaveLength(2);
    let settings: Record<string, unknown> = { engine: "ts7" };
    const client = await start({ workspaceFolders: [dir], settings: () => settings });
    const uri = await client.open(file);

    expect(summarize(await client.diagnostics(uri))).toEqual(typed);
    expect(client.published.filter((p) => p.uri === uri).map((p) => summarize(p.diagnostics))).toEqual([syntax, typed]);
    const begin = client.progress.find((event) => event.kind === "begin");
    expect(begin && "message" in begin ? begin.message : undefined).toBe(`loading TypeScript project ${path.basename(dir)}/tsconfig.json (2 files) with TypeScript 7`);
    expect(client.logText()).toContain(`TypeScript 7: opened ${path.join(dir, "tsconfig.json")}`);
    expect(childrenOf(client.pid)).toHaveLength(1);

    // An edit: the session's next snapshot has the new text; no second load.
    await client.change(uri, EDITED);
    expect(summarize(await client.diagnostics(uri))).toEqual(editedTyped);
    expect(client.progress.filter((event) => event.kind === "begin")).toHaveLength(1);

    // Back to TypeScript 6: its project loads, TypeScript 7's process ends.
    settings = { engine: "ts6" };
    await client.changeConfiguration();
    const loads = () => client.logs.filter((l) => /^Project .* loaded in \d+ ms \(\d+ steps?, the longest \d+ ms\)\.$/.test(l.message)).length;
    expect(loads()).toBe(1);
    await client.until(() => client.logText().includes('Type information from TypeScript 6 (asyncLint.engine: "ts6").'), "the switch to TypeScript 6");
    await client.until(() => loads() === 2, "the TypeScript 6 project's load", TIMEOUT);
    await client.settled();
    expect(summarize(await client.diagnostics(uri))).toEqual(editedTyped);
    await client.until(() => childrenOf(client.pid).length === 0, "TypeScript 7's process to end");
    expect(ts7Messages(client)).toEqual([]);
    expect(client.stderrText).toBe("");
  });

  it("sees an edit of another open document of the project (its unsaved text, through the session's next snapshot), and closes the project with its last document", { timeout: TIMEOUT }, async () => {
    const { dir, file, syntax, typed } = project();
    const client = await start({ workspaceFolders: [dir], settings: { engine: "ts7" } });
    const uri = await client.open(file);
    expect(summarize(await client.diagnostics(uri))).toEqual(typed);
    const jobsUri = await client.open(path.join(dir, "src/jobs.ts"));
    await client.diagnostics(jobsUri);
    const published = client.published.length;

    // `reload` no longer returns a promise: main.ts, unchanged, loses its typed finding (checked again after the edit).
    await client.change(jobsUri, JOBS.replace("Promise<void>", "void"));
    await client.until(() => client.published.slice(published).some((p) => p.uri === uri), "main.ts checked again");
    await client.settled();
    expect(summarize(await client.diagnostics(uri))).toEqual(syntax);

    // Both closed: the project is closed in the session (the edit of jobs.ts is dropped); opening main.ts loads it again.
    await client.close(jobsUri);
    await client.barrier();
    expect(client.logText()).not.toContain("TypeScript 7: closed");
    await client.close(uri);
    await client.until(() => client.logText().includes(`TypeScript 7: closed ${path.join(dir, "tsconfig.json")} (no open document uses it).`), "the project's close");
    // The close clears the document's diagnostics (a publication without version); the reopened one's come after.
    await client.until(() => client.published.filter((p) => p.uri === uri).at(-1)?.version === undefined, "the closed document's diagnostics cleared");
    const before = client.published.length;
    const reopened = await client.open(file);
    const isTyped = (p: { uri: string; diagnostics: Parameters<typeof summarize>[0] }) => p.uri === reopened && JSON.stringify(summarize(p.diagnostics)) === JSON.stringify(typed);
    await client.until(() => client.published.slice(before).some(isTyped), "the typed findings after reopening", TIMEOUT);
    await client.settled();
    expect(summarize(await client.diagnostics(reopened))).toEqual(typed);
    expect(client.progress.filter((event) => event.kind === "begin")).toHaveLength(2);
  });

  it("checks files in syntax mode with one message when TypeScript 7 is not installed", { timeout: TIMEOUT }, async () => {
    const { dir, file, syntax, editedSyntax } = project();
    const client = await start({
      workspaceFolders: [dir],
      settings: { engine: "ts7" },
      env: { NODE_OPTIONS: `--require ${path.join(__dirname, "block-typescript7.cjs")}` },
    });
    const uri = await client.open(file);
    expect(summarize(await client.diagnostics(uri))).toEqual(syntax);
    await client.change(uri, EDITED);
    expect(summarize(await client.diagnostics(uri))).toEqual(editedSyntax);

    const [message, ...more] = ts7Messages(client);
    expect(message).toMatch(/^asyncLint\.engine "ts7": the optional dependency typescript7 \(TypeScript 7\) cannot be loaded: Cannot find module 'typescript7\/unstable\/sync'\. Files are checked without type information/);
    expect(more).toEqual([]);
    expect(client.processAlive).toBe(true);
  });

  it("checks files in syntax mode with one message when TypeScript 7's process fails, and never dies", { timeout: TIMEOUT }, async () => {
    const { dir, file, syntax, typed, editedSyntax } = project();
    const client = await start({ workspaceFolders: [dir], settings: { engine: "ts7" } });
    const uri = await client.open(file);
    expect(summarize(await client.diagnostics(uri))).toEqual(typed);

    const [native] = childrenOf(client.pid);
    process.kill(native, "SIGKILL");
    await client.change(uri, EDITED);
    expect(summarize(await client.diagnostics(uri))).toEqual(editedSyntax);
    await client.change(uri, MAIN);
    expect(summarize(await client.diagnostics(uri))).toEqual(syntax);

    const [message, ...more] = ts7Messages(client);
    expect(message).toMatch(/^asyncLint\.engine "ts7": TypeScript 7 failed: .+\. Files are checked without type information until the setting changes or the server restarts/);
    expect(more).toEqual([]);
    expect(client.processAlive).toBe(true);
  });
});
