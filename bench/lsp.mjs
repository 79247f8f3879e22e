// `npm run bench:lsp`: the built language server over real LSP stdio, on a real typed project, with one file open:
// - time to the first diagnostics after didOpen (syntax mode; in typed mode, the syntax-first result) and, in typed
//   mode, to the typed diagnostics (after the project's load, which the server reports as work-done progress);
// - the longest the server's message loop stalled while that happened (a no-op request sent every 20 ms);
// - p50/p95 from didChange to publishDiagnostics over N edits (each inserts a statement line and waits for its
//   diagnostics), in syntax mode (typed: off) and typed mode (typed: auto);
// - the server's peak memory (VmHWM; with the TypeScript 7 engine, the native compiler's process's added: their
//   peaks summed, an upper bound of the pair's peak).
// Typed mode runs once per engine (`asyncLint.engine`, --engines ts6,ts7), side by side in one table.
// Push diagnostics with no debounce, so the figures are the server's own work. Each figure is printed with its
// target (issue 20) and whether it is met; nothing is asserted.
//
//   npm run bench:lsp                                  the bench corpus's typed project (after `npm ci --prefix
//                                                      bench`), its file nearest 2,000 lines open
//   npm run bench:lsp -- --project /work/apps/outline --file server/routes/api/documents/documents.ts
//   npm run bench:lsp -- --engines ts6,ts7             typed mode with each engine (default ts6 only)
//   npm run bench:lsp -- --file openai/resources/beta/responses/responses.ts   another file of it (its largest)
//   flags: --project DIR, --file PATH (relative to the project), --edits N (default 30), --modes syntax,typed,
//   --engines ts6,ts7 (or --engine ts7),
//   --server PATH (another build of dist/server.js, e.g. a copy from before a change); BENCH_EDIT_LOG=1 prints each
//   edit's latency, BENCH_PROFILE=DIR writes a CPU profile of the server there
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  StreamMessageReader,
  StreamMessageWriter,
  ConfigurationRequest,
  WorkDoneProgressCreateRequest,
} from "vscode-languageserver-protocol/node";
import { ensureCorpus } from "./corpus.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILT_SERVER = path.join(REPO, "dist/server.js");
const PING_INTERVAL = 20;

/**
 * Issue 20's edit targets (for a 2,000-line file); the first-diagnostics and stall targets are this bench's own
 * reading of "syntax findings first" and "without blocking diagnostics meanwhile".
 */
const TARGETS = {
  syntaxFirst: { label: "≤ 1000 ms", met: (ms) => ms <= 1000 },
  stall: { label: "≤ 250 ms", met: (ms) => ms <= 250 },
  syntaxEdit: { label: "≤ 50 ms", met: (ms) => ms <= 50 },
  typedEdit: { label: "≤ 250 ms", met: (ms) => ms <= 250 },
};

const { values: flags } = parseArgs({
  options: {
    project: { type: "string" },
    file: { type: "string" },
    edits: { type: "string", default: process.env.BENCH_EDITS ?? "30" },
    modes: { type: "string", default: "syntax,typed" },
    /** Typed mode's engines (asyncLint.engine), each a run of its own. */
    engines: { type: "string" },
    engine: { type: "string" },
    /** Another build of the server (a copy of an earlier dist/server.js, to compare). */
    server: { type: "string" },
  },
});
const SERVER = flags.server ? path.resolve(flags.server) : BUILT_SERVER;

/** Issue 20's edit targets are for a file of about this size. */
const TARGET_FILE_LINES = 2000;

/**
 * The bench corpus's typed project, with `file` (relative to it) open, or else the file whose length is nearest
 * TARGET_FILE_LINES (ties: the first by name).
 */
function defaultProject(file) {
  const corpus = ensureCorpus("full", (line) => console.error(line));
  const dir = corpus.typed.dir;
  if (file) return { dir, file };
  const files = fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).sort();
  const distance = (f) => Math.abs(fs.readFileSync(path.join(dir, f), "utf8").split("\n").length - TARGET_FILE_LINES);
  const nearest = files.map((f) => ({ f, distance: distance(f) })).sort((a, b) => a.distance - b.distance)[0];
  return { dir, file: nearest.f };
}

/** 0-based lines where a statement starts (top level or in a function body): an inserted statement line keeps the file valid. */
function statementLines(fileName, text) {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines = new Set();
  const visit = (node) => {
    if (ts.isSourceFile(node) || (ts.isBlock(node) && node.parent && ts.isFunctionLike(node.parent))) {
      for (const statement of node.statements) {
        const start = statement.getStart(sourceFile);
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
        if (text.slice(start - character, start).trim() === "") lines.add(line);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return [...lines].sort((a, b) => a - b);
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** VmHWM of a process, in kB (NaN once it has ended). */
function peakKbOf(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** The processes a process started (TypeScript 7's native compiler, for the server). */
function childrenOf(pid) {
  try {
    const list = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return list ? list.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

async function run(project, mode, engine, edits) {
  const typed = mode === "typed" ? "auto" : "off";
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), SERVER, "--stdio"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  const published = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push({ ...params, at: performance.now() });
    wake();
  });
  const progress = [];
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
  connection.onNotification("$/progress", (params) => {
    progress.push({ ...params.value, at: performance.now() });
    wake();
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ typed, engine })));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(project.dir).href,
    workspaceFolders: [{ uri: pathToFileURL(project.dir).href, name: "bench" }],
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    initializationOptions: { diagnosticsDelay: 0 },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const uri = pathToFileURL(project.file).href;
  const waitFor = async (found) => {
    for (;;) {
      const result = found();
      if (result) return result;
      await new Promise((resolve) => waiters.push(resolve));
    }
  };
  const publishedFor = (version, after = 0) => published.find((p) => p.uri === uri && p.version === version && p.at >= after);

  // Pings: a request no handler answers but the JSON-RPC layer (MethodNotFound), so its latency is the loop's.
  let stall = 0;
  let pinging = true;
  const pings = (async () => {
    while (pinging) {
      const sent = performance.now();
      await connection.sendRequest("asyncLint/benchPing").catch(() => undefined);
      stall = Math.max(stall, performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, PING_INTERVAL));
    }
  })();

  const opened = performance.now();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text: project.text } });
  const first = await waitFor(() => publishedFor(1));
  let full = first;
  if (mode === "typed") {
    // The server ends the load's progress after publishing the typed result: the last before the end. A server
    // that shows no progress (an older build) gets 3 s of quiet after its last publication instead.
    for (;;) {
      const end = progress.find((p) => p.kind === "end");
      if (end) {
        full = published.filter((p) => p.uri === uri && p.version === 1 && p.at <= end.at).at(-1);
        break;
      }
      const last = published.filter((p) => p.uri === uri && p.version === 1).at(-1);
      if (progress.length === 0 && performance.now() - last.at > 3000) {
        full = last;
        break;
      }
      await Promise.race([new Promise((resolve) => waiters.push(resolve)), new Promise((resolve) => setTimeout(resolve, 500))]);
    }
  }
  pinging = false;
  await pings;

  const latencies = [];
  const inserted = [];
  for (let edit = 0; edit < edits; edit++) {
    const version = edit + 2;
    const original = project.statementLines[(edit * 7919) % project.statementLines.length];
    // Earlier insertions at or above this line moved it down.
    const line = original + inserted.filter((l) => l <= original).length;
    inserted.push(original);
    const sent = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `void ${edit};\n` }],
    });
    const result = await waitFor(() => publishedFor(version, sent));
    latencies.push(result.at - sent);
    if (process.env.BENCH_EDIT_LOG) console.error(`edit ${edit} line ${line}: ${(result.at - sent).toFixed(1)} ms`);
  }
  const nativeKb = childrenOf(child.pid).reduce((sum, pid) => sum + peakKbOf(pid), 0);
  const peakKb = peakKbOf(child.pid) + nativeKb;
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  connection.dispose();
  await new Promise((resolve) => child.once("exit", resolve));
  const begin = progress.find((p) => p.kind === "begin");
  return {
    mode,
    engine,
    nativePeakMb: nativeKb / 1024,
    firstMs: first.at - opened,
    firstFindings: first.diagnostics.length,
    fullMs: full.at - opened,
    findings: full.diagnostics.length,
    progress: begin ? `${begin.title}${begin.message ? `: ${begin.message}` : ""}` : undefined,
    stall,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    peakMb: peakKb / 1024,
  };
}

if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first.`);
const chosen = flags.project ? { dir: path.resolve(flags.project), file: flags.file } : defaultProject(flags.file);
if (!chosen.file) throw new Error("--file is required with --project (the file to open, relative to the project).");
const file = path.resolve(chosen.dir, chosen.file);
if (!fs.existsSync(file)) throw new Error(`${file} does not exist.`);
const text = fs.readFileSync(file, "utf8");
const project = { dir: chosen.dir, file, text, statementLines: statementLines(file, text) };
const edits = Number(flags.edits);
console.log(
  `Project ${project.dir}, ${path.relative(project.dir, file)} open (${text.split("\n").length} lines); ${edits} edits; Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}.`,
);
const engines = (flags.engines ?? flags.engine ?? "ts6").split(",");
for (const engine of engines) if (engine !== "ts6" && engine !== "ts7") throw new Error(`--engines: ${engine} is not an engine (ts6, ts7).`);
console.log(`Engines for typed mode: ${engines.join(", ")}.`);
const results = [];
for (const mode of flags.modes.split(",")) {
  // Syntax mode asks no engine: one run.
  for (const engine of mode === "typed" ? engines : ["ts6"]) results.push(await run(project, mode, engine, edits));
}

const verdict = (target, value) => `${target.label} ${target.met(value) ? "met" : "NOT met"}`;
const rows = [["mode", "figure", "value", "target"]];
for (const r of results) {
  const edit = r.mode === "typed" ? TARGETS.typedEdit : TARGETS.syntaxEdit;
  const name = r.mode === "typed" ? `typed (typed: auto, engine: ${r.engine})` : "syntax (typed: off)";
  rows.push([name, `first diagnostics (${r.firstFindings} findings)`, `${r.firstMs.toFixed(0)} ms`, verdict(TARGETS.syntaxFirst, r.firstMs)]);
  if (r.mode === "typed") rows.push([name, `typed diagnostics (${r.findings} findings)`, `${r.fullMs.toFixed(0)} ms`, r.progress ? `progress shown: "${r.progress}"` : "no progress shown"]);
  rows.push([name, "longest message-loop stall until then", `${r.stall.toFixed(0)} ms`, verdict(TARGETS.stall, r.stall)]);
  rows.push([name, "edit→diagnostics p50", `${r.p50.toFixed(1)} ms`, verdict(edit, r.p50)]);
  rows.push([name, "edit→diagnostics p95", `${r.p95.toFixed(1)} ms`, verdict(edit, r.p95)]);
  rows.push([name, "edit→diagnostics max", `${r.max.toFixed(1)} ms`, ""]);
  rows.push([name, "peak RSS", `${r.peakMb.toFixed(0)} MB`, r.nativePeakMb > 0 ? `of which TypeScript 7's process ${r.nativePeakMb.toFixed(0)} MB` : ""]);
}
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
console.log(line(rows[0]));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of rows.slice(1)) console.log(line(row));

// The typed runs side by side, one column per engine.
const typedRuns = results.filter((r) => r.mode === "typed");
if (typedRuns.length > 1) {
  const side = [["typed mode", ...typedRuns.map((r) => r.engine)]];
  side.push(["first diagnostics (syntax first)", ...typedRuns.map((r) => `${r.firstMs.toFixed(0)} ms`)]);
  side.push(["typed diagnostics", ...typedRuns.map((r) => `${r.fullMs.toFixed(0)} ms (${r.findings} findings)`)]);
  side.push(["edit→diagnostics p50", ...typedRuns.map((r) => `${r.p50.toFixed(1)} ms`)]);
  side.push(["edit→diagnostics p95", ...typedRuns.map((r) => `${r.p95.toFixed(1)} ms`)]);
  side.push(["peak RSS", ...typedRuns.map((r) => `${r.peakMb.toFixed(0)} MB`)]);
  const sideWidths = side[0].map((_, column) => Math.max(...side.map((row) => row[column].length)));
  const sideLine = (row) => `| ${row.map((cell, column) => cell.padEnd(sideWidths[column])).join(" | ")} |`;
  console.log("");
  console.log(sideLine(side[0]));
  console.log(`|${sideWidths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of side.slice(1)) console.log(sideLine(row));
}
