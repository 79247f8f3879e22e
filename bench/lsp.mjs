// `npm run bench:lsp`: the language server on a generated project of several hundred files, with a 2,000-line
// TypeScript file open: time to first diagnostics after open, then 50 edits (each waits for its diagnostics)
// with p50/p95 from didChange to publishDiagnostics, in syntax mode (typed: off) and typed mode (typed: auto),
// and the server's peak memory (VmHWM). Push diagnostics with no debounce, so the figures are the server's
// own work. Prints a table; asserts nothing.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
} from "vscode-languageserver-protocol/node";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SERVER = path.join(REPO, "dist/server.js");
const MODULES = Number(process.env.BENCH_MODULES ?? 400);
const EDITS = Number(process.env.BENCH_EDITS ?? 50);
const MAIN_LINES = 2000;

function generateProject() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-bench-"));
  fs.mkdirSync(path.join(dir, "src/lib"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(REPO, "node_modules/@types")],
      },
      include: ["src/**/*.ts"],
    }),
  );
  for (let i = 0; i < MODULES; i++) {
    const previous = i > 0 ? `import { helper${i - 1} } from "./mod${i - 1}.js";\n` : "";
    const helperBody = i > 0 ? `helper${i - 1}(x) + 1` : "x";
    fs.writeFileSync(
      path.join(dir, `src/lib/mod${i}.ts`),
      `${previous}
export interface Item${i} {
  value: number;
  label: string;
}

export interface Record${i} {
  id: string;
  value: number;
  items: Item${i}[];
}

export async function fetchRecord${i}(id: string): Promise<Record${i}> {
  return { id, value: ${i}, items: [{ value: ${i}, label: id }] };
}

export function merge${i}(a: Record${i}, b: Record${i}): Record${i} {
  return { ...a, items: [...a.items, ...b.items] };
}

export function helper${i}(x: number): number {
  return ${helperBody};
}
`,
    );
  }
  const lines = ['import fs from "node:fs";', 'import { execSync } from "node:child_process";'];
  const used = 20;
  for (let k = 0; k < used; k++) lines.push(`import * as mod${k} from "./lib/mod${k * Math.floor(MODULES / used)}.js";`);
  lines.push("");
  const statementLines = [];
  for (let i = 0; lines.length < MAIN_LINES - 20; i++) {
    const k = i % used;
    const m = k * Math.floor(MODULES / used);
    lines.push(
      `/** Handles request ${i}. */`,
      `export async function handler${i}(id: string, path: string): Promise<number> {`,
      `  const a = await mod${k}.fetchRecord${m}(id);`,
      `  const b = await mod${k}.fetchRecord${m}(id + "-b");`,
      `  if (!a || !b) {`,
      "    throw new Error(`missing ${id}`);",
      `  }`,
      `  const merged = mod${k}.merge${m}(a, b);`,
      `  let total = 0;`,
      `  for (const item of merged.items) {`,
      `    total += item.value * ${i};`,
      `  }`,
    );
    statementLines.push(lines.length); // 0-based index of the next line: a statement start inside the function
    if (i % 10 === 0) lines.push('  const raw = fs.readFileSync(path, "utf8");', "  total += raw.length;");
    if (i % 25 === 0) lines.push('  total += execSync("git rev-parse HEAD").length;');
    lines.push(`  return total + mod${k}.helper${m}(${i});`, "}", "");
  }
  while (lines.length < MAIN_LINES) lines.push("// padding");
  const main = path.join(dir, "src/main.ts");
  fs.writeFileSync(main, lines.join("\n") + "\n");
  return { dir, main, text: lines.join("\n") + "\n", statementLines };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(project, typed) {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), SERVER, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  let lastPublished;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    lastPublished = { ...params, at: performance.now() };
    for (const waiter of waiters.splice(0)) waiter();
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ typed })));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(project.dir).href,
    workspaceFolders: [{ uri: pathToFileURL(project.dir).href, name: "bench" }],
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { diagnosticsDelay: 0 },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const uri = pathToFileURL(project.main).href;
  const until = async (version) => {
    while (!(lastPublished && lastPublished.uri === uri && lastPublished.version === version)) {
      await new Promise((resolve) => waiters.push(resolve));
    }
    return lastPublished;
  };

  const opened = performance.now();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text: project.text } });
  const first = await until(1);
  const firstMs = first.at - opened;
  const findings = first.diagnostics.length;

  const latencies = [];
  for (let edit = 0; edit < EDITS; edit++) {
    const version = edit + 2;
    // Each edit adds a statement line inside a function body; earlier insertions shift later lines by one.
    const line = project.statementLines[(edit * 7) % project.statementLines.length] + edit;
    const sent = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `  total += ${edit};\n` }],
    });
    const published = await until(version);
    latencies.push(published.at - sent);
  }
  const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  connection.dispose();
  await new Promise((resolve) => child.once("exit", resolve));
  return { typed, firstMs, findings, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), peakMb: peakKb / 1024 };
}

if (!fs.existsSync(SERVER)) throw new Error("dist/server.js is missing: run `npm run build` first.");
const project = generateProject();
const fileCount = fs.readdirSync(path.join(project.dir, "src/lib")).length + 1;
console.log(`Project: ${fileCount} files (${MODULES} generated modules + src/main.ts, ${project.text.split("\n").length - 1} lines); ${EDITS} edits; Node ${process.version}, ${os.cpus().length} cores.`);
const results = [];
for (const typed of ["off", "auto"]) results.push(await run(project, typed));
fs.rmSync(project.dir, { recursive: true, force: true });

const rows = [
  ["mode", "first diagnostics", "edit→diagnostics p50", "p95", "max", "findings", "peak RSS"],
  ...results.map((r) => [
    r.typed === "off" ? "syntax (typed: off)" : "typed (typed: auto)",
    `${r.firstMs.toFixed(0)} ms`,
    `${r.p50.toFixed(1)} ms`,
    `${r.p95.toFixed(1)} ms`,
    `${r.max.toFixed(1)} ms`,
    String(r.findings),
    `${r.peakMb.toFixed(0)} MB`,
  ]),
];
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
console.log(line(rows[0]));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of rows.slice(1)) console.log(line(row));
