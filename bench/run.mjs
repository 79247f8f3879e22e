// `npm run bench`: async-lint side by side with the bare TypeScript and tree-sitter-python parses, tsc --noEmit,
// tsgo (TypeScript 7), ESLint + typescript-eslint, oxlint (and its type-aware tsgolint) and Ruff (WebAssembly build)
// on the same real code. Installs bench/'s own pinned dependencies when they are missing or outdated, builds dist/,
// assembles the corpus (bench/corpus.mjs), runs every tool once untimed (a warm-up that also checks it
// works and records what it found), then --runs timed rounds, interleaved so that noise on a shared machine spreads
// over all tools. Prints medians, throughput, peak memory and ratios, and writes bench/results/latest.json and
// latest.md. Asserts nothing: the targets are reported.
//
// Flags: --runs N (default 5) · --quick (1 run on a small subset) · --only id,id (rows to run; see ROWS) ·
//        --ours-args "<flags>" (appended to every async-lint row, e.g. "--workers 2") · --skip-install
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { BENCH_DIR, ensureCorpus } from "./corpus.mjs";

const REPO = path.dirname(BENCH_DIR);
const MODULES = path.join(BENCH_DIR, "node_modules");
const CLI = path.join(REPO, "dist", "cli.js");
const PLUGIN = path.join(REPO, "dist", "eslint-plugin.js");
// The ESLint plugin as the plugin rows load it: a copy under bench/, so that its `require("typescript")` finds
// bench's typescript, the one typescript-eslint uses, as in a user's project with one install of each.
const PLUGIN_COPY = path.join(BENCH_DIR, "results", "plugin-under-test", "eslint-plugin.js");
const NODE = process.execPath;
const TIME = "/usr/bin/time";

const bin = {
  eslint: path.join(MODULES, "eslint", "bin", "eslint.js"),
  tsc: path.join(MODULES, "typescript", "bin", "tsc"),
  oxlint: path.join(MODULES, ".bin", "oxlint"),
  tsgolint: path.join(MODULES, ".bin", "tsgolint"),
  // TypeScript 7's native tsc: the repository's optional dependency `typescript7` (the one --engine ts7 uses).
  tsgo: path.join(REPO, "node_modules", "typescript7", "bin", "tsc"),
};

/**
 * What is measured: one row per tool and mode, grouped in suites that share their files. `command` gets the corpus
 * and the options and returns [executable, args, env?]; `ours` rows also take --ours-args. Add a row here to
 * measure another configuration (e.g. async-lint with a new flag).
 */
/** Start-up rows time this many starts in a row (one is too short to time alone on a busy machine). */
const STARTS = 20;

const ROWS = [
  {
    id: "ts-parse",
    suite: "js",
    tool: "TypeScript parse only (floor)",
    command: (corpus) => [NODE, [path.join(BENCH_DIR, "tools", "parse.mjs"), corpus.js.listFile]],
    summarize: summarizeJsonLine,
  },
  {
    id: "ours-syntax",
    suite: "js",
    ours: true,
    tool: "async-lint --no-typed",
    command: (corpus, options) => [NODE, [CLI, "--no-typed", "--format", "json", ...options.oursArgs, corpus.js.dir]],
    summarize: summarizeEslintJson,
  },
  {
    id: "ours-syntax-1t",
    suite: "js",
    ours: true,
    tool: "async-lint --no-typed --workers 1",
    command: (corpus, options) => [NODE, [CLI, "--no-typed", "--workers", "1", "--format", "json", ...options.oursArgs, corpus.js.dir]],
    summarize: summarizeEslintJson,
  },
  {
    id: "eslint-syntax",
    suite: "js",
    tool: "ESLint + typescript-eslint (no-await-in-loop, n/no-sync)",
    command: (corpus) => [NODE, [bin.eslint, "-c", path.join(BENCH_DIR, "eslint.syntax.config.mjs"), "--format", "json", corpus.js.dir]],
    summarize: summarizeEslintJson,
  },
  {
    id: "eslint-parser-syntax",
    suite: "js",
    tool: "ESLint + @typescript-eslint/parser, no rules (plugin baseline)",
    command: (corpus) => eslintPluginCommand(corpus.js.dir, {}),
    summarize: summarizeEslintJson,
  },
  {
    id: "eslint-plugin-syntax",
    suite: "js",
    tool: "ESLint + @typescript-eslint/parser + async-lint plugin (recommended)",
    command: (corpus) => eslintPluginCommand(corpus.js.dir, { BENCH_PLUGIN: PLUGIN_COPY }),
    summarize: summarizeEslintJson,
  },
  {
    id: "oxlint",
    suite: "js",
    tool: "oxlint (no-await-in-loop, node/no-sync), all cores",
    command: (corpus) => [bin.oxlint, ["-c", path.join(BENCH_DIR, "oxlintrc.json"), "--format", "json", ...oxlintFiles(corpus)]],
    summarize: summarizeOxlintJson,
  },
  {
    id: "oxlint-1t",
    suite: "js",
    tool: "oxlint, --threads 1",
    command: (corpus) => [bin.oxlint, ["-c", path.join(BENCH_DIR, "oxlintrc.json"), "--threads", "1", "--format", "json", ...oxlintFiles(corpus)]],
    summarize: summarizeOxlintJson,
  },
  {
    id: "tsc",
    suite: "typed",
    tool: "tsc --noEmit (floor)",
    command: (corpus) => [NODE, [bin.tsc, "-p", corpus.typed.dir, "--noEmit"]],
    summarize: summarizeTsc,
  },
  {
    id: "ours-typed",
    suite: "typed",
    ours: true,
    tool: "async-lint (typed by tsconfig.json)",
    command: (corpus, options) => [NODE, [CLI, "--format", "json", ...options.oursArgs, corpus.typed.dir]],
    summarize: summarizeEslintJson,
  },
  {
    id: "tsgo",
    suite: "typed",
    tool: "tsgo --noEmit (TypeScript 7, native)",
    command: (corpus) => [NODE, [bin.tsgo, "-p", corpus.typed.dir, "--noEmit"]],
    summarize: summarizeTsc,
  },
  {
    id: "ours-typed-ts7",
    suite: "typed",
    ours: true,
    tool: "async-lint --engine ts7 (prototype; every rule typed through the seam)",
    command: (corpus, options) => [NODE, [CLI, "--engine", "ts7", "--format", "json", ...options.oursArgs, corpus.typed.dir]],
    summarize: summarizeEslintJson,
  },
  {
    id: "tsgolint",
    suite: "typed",
    tool: "oxlint --type-aware (tsgolint: no-floating-promises, no-misused-promises)",
    command: (corpus) => [
      bin.oxlint,
      ["-c", path.join(BENCH_DIR, "oxlintrc.typed.json"), "--type-aware", "--format", "json", ...listedFiles(corpus.typed.listFile)],
      { OXLINT_TSGOLINT_PATH: bin.tsgolint },
    ],
    summarize: summarizeOxlintJson,
  },
  {
    id: "eslint-typed",
    suite: "typed",
    tool: "ESLint + typescript-eslint typed (+ no-floating-promises)",
    command: (corpus) => eslintTypedCommand("eslint.typed.config.mjs", corpus.typed.dir),
    summarize: summarizeEslintJson,
  },
  {
    id: "eslint-promise-rules-typed",
    suite: "typed",
    tool: "ESLint + typescript-eslint typed, no-floating-promises + no-misused-promises (the plugin's peer)",
    command: (corpus) => eslintTypedCommand("eslint.typed-promise-rules.config.mjs", corpus.typed.dir),
    summarize: summarizeEslintJson,
  },
  {
    id: "eslint-parser-typed",
    suite: "typed",
    tool: "ESLint + @typescript-eslint/parser typed, no rules (plugin baseline)",
    command: (corpus) => eslintPluginCommand(corpus.typed.dir, { BENCH_TYPED_DIR: corpus.typed.dir }),
    summarize: summarizeEslintJson,
  },
  {
    id: "eslint-plugin-typed",
    suite: "typed",
    tool: "ESLint + @typescript-eslint/parser typed + async-lint plugin (recommended-typed)",
    command: (corpus) => eslintPluginCommand(corpus.typed.dir, { BENCH_TYPED_DIR: corpus.typed.dir, BENCH_PLUGIN: PLUGIN_COPY }),
    summarize: summarizeEslintJson,
  },
  {
    id: "py-parse",
    suite: "py",
    tool: "tree-sitter-python parse only (floor)",
    command: (corpus) => [NODE, [path.join(BENCH_DIR, "tools", "parse-python.mjs"), corpus.py.listFile]],
    summarize: summarizeJsonLine,
  },
  {
    id: "ours-python",
    suite: "py",
    ours: true,
    tool: "async-lint (Python)",
    command: (corpus, options) => [NODE, [CLI, "--format", "json", ...options.oursArgs, corpus.py.dir]],
    summarize: summarizeEslintJson,
  },
  {
    id: "ours-python-1t",
    suite: "py",
    ours: true,
    tool: "async-lint (Python) --workers 1",
    command: (corpus, options) => [NODE, [CLI, "--format", "json", "--workers", "1", ...options.oursArgs, corpus.py.dir]],
    summarize: summarizeEslintJson,
  },
  {
    id: "node-start",
    suite: "startup",
    tool: `node -e 0 (floor), ${STARTS} starts`,
    command: () => [NODE, [path.join(BENCH_DIR, "tools", "starts.mjs"), String(STARTS), NODE, "-e", "0"]],
    summarize: summarizeStarts,
  },
  {
    id: "ours-version",
    suite: "startup",
    ours: true,
    tool: `async-lint --version, ${STARTS} starts`,
    command: () => [NODE, [path.join(BENCH_DIR, "tools", "starts.mjs"), String(STARTS), NODE, CLI, "--version"]],
    summarize: summarizeStarts,
  },
  {
    id: "ruff-wasm",
    suite: "py",
    tool: "Ruff ASYNC rules (ruff-wasm-nodejs, --liftoff-only)",
    command: (corpus) => [NODE, ["--liftoff-only", path.join(BENCH_DIR, "tools", "ruff.mjs"), corpus.py.listFile]],
    summarize: summarizeJsonLine,
  },
];

/** ESLint with one of bench's typed configurations, on the typed suite (the project service finds its tsconfig). */
function eslintTypedCommand(config, dir) {
  return [NODE, [bin.eslint, "-c", path.join(BENCH_DIR, config), "--format", "json", dir], { BENCH_TYPED_DIR: dir }];
}

/** ESLint with bench/eslint.plugin.config.mjs: with BENCH_PLUGIN the plugin's rules, without it none. */
function eslintPluginCommand(dir, env) {
  return [NODE, [bin.eslint, "-c", path.join(BENCH_DIR, "eslint.plugin.config.mjs"), "--format", "json", dir], env];
}

/**
 * oxlint gets the files by name: walking a folder, it applies the repository's .gitignore, which ignores
 * bench/corpus/ (and has no switch to stop that). Relative to bench/, where every tool runs.
 */
function oxlintFiles(corpus) {
  return listedFiles(corpus.js.listFile);
}

function listedFiles(listFile) {
  return fs
    .readFileSync(listFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((file) => path.relative(BENCH_DIR, file));
}

const SUITES = {
  js: { title: "TypeScript/JavaScript, syntax mode", corpus: "js" },
  typed: { title: "TypeScript, typed mode", corpus: "typed" },
  py: { title: "Python asyncio", corpus: "py" },
  startup: { title: "Start-up (no files)" },
};

/**
 * Ratios of median wall times (CPU times beside), or with `of: "memory"` of peak memory (the largest of the timed
 * runs), with the issue's targets (reported, not asserted).
 */
const RATIOS = [
  { label: "syntax: async-lint / parse floor", numerator: "ours-syntax", denominator: "ts-parse", target: "≤ 1.3", met: (r) => r <= 1.3 },
  { label: "syntax: async-lint --workers 1 / parse floor (both one thread)", numerator: "ours-syntax-1t", denominator: "ts-parse", target: "≤ 1.3", met: (r) => r <= 1.3 },
  { label: "typed: async-lint / tsc --noEmit, time", numerator: "ours-typed", denominator: "tsc", target: "≤ 1.1", met: (r) => r <= 1.1 },
  { label: "typed: async-lint / tsc --noEmit, peak memory", of: "memory", numerator: "ours-typed", denominator: "tsc", target: "≤ 1.2", met: (r) => r <= 1.2 },
  { label: "typed: async-lint --engine ts7 / async-lint", numerator: "ours-typed-ts7", denominator: "ours-typed" },
  { label: "typed: async-lint / tsgolint", numerator: "ours-typed", denominator: "tsgolint" },
  { label: "typed: async-lint --engine ts7 / tsgolint", numerator: "ours-typed-ts7", denominator: "tsgolint" },
  { label: "typed: tsgo / tsc --noEmit", numerator: "tsgo", denominator: "tsc" },
  { label: "syntax: ESLint / async-lint", numerator: "eslint-syntax", denominator: "ours-syntax", target: "≥ 10", met: (r) => r >= 10 },
  { label: "typed: ESLint / async-lint", numerator: "eslint-typed", denominator: "ours-typed", target: "≥ 10", met: (r) => r >= 10 },
  { label: "plugin, syntax: ESLint + async-lint plugin / ESLint alone", numerator: "eslint-plugin-syntax", denominator: "eslint-parser-syntax", target: "≤ 1.2", met: (r) => r <= 1.2 },
  { label: "plugin, typed: ESLint + async-lint plugin / ESLint alone", numerator: "eslint-plugin-typed", denominator: "eslint-parser-typed", target: "≤ 1.2", met: (r) => r <= 1.2 },
  { label: "plugin, typed: ESLint + async-lint plugin / ESLint + typescript-eslint's two promise rules", numerator: "eslint-plugin-typed", denominator: "eslint-promise-rules-typed" },
  { label: "syntax: async-lint / oxlint (all cores)", numerator: "ours-syntax", denominator: "oxlint" },
  { label: "syntax: async-lint / oxlint (1 thread)", numerator: "ours-syntax", denominator: "oxlint-1t" },
  { label: "python: async-lint / tree-sitter parse floor", numerator: "ours-python", denominator: "py-parse", target: "≤ 1.3", met: (r) => r <= 1.3 },
  { label: "python: async-lint --workers 1 / tree-sitter parse floor (both one thread)", numerator: "ours-python-1t", denominator: "py-parse", target: "≤ 1.3", met: (r) => r <= 1.3 },
  { label: "python: async-lint / ruff-wasm", numerator: "ours-python", denominator: "ruff-wasm", target: "≤ 1 (≥ its throughput)", met: (r) => r <= 1 },
  { label: "python: async-lint --workers 1 / ruff-wasm (both one thread)", numerator: "ours-python-1t", denominator: "ruff-wasm", target: "≤ 1 (≥ its throughput)", met: (r) => r <= 1 },
  // `--version` does not load TypeScript (nor anything else it does not need): starting takes about what Node.js's does.
  { label: "start-up: async-lint --version / node -e 0", numerator: "ours-version", denominator: "node-start", target: "≤ 2", met: (r) => r <= 2 },
];

function parseOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string" },
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      "ours-args": { type: "string", default: "" },
      "skip-install": { type: "boolean", default: false },
    },
  });
  const runs = values.runs !== undefined ? Number(values.runs) : values.quick ? 1 : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const only = values.only ? values.only.split(",").map((id) => id.trim()) : undefined;
  for (const id of only ?? []) if (!ROWS.some((row) => row.id === id)) throw new Error(`--only: no row '${id}' (rows: ${ROWS.map((row) => row.id).join(", ")})`);
  return {
    runs,
    set: values.quick ? "quick" : "full",
    rows: only ? ROWS.filter((row) => only.includes(row.id)) : ROWS,
    oursArgs: values["ours-args"].split(/\s+/).filter(Boolean),
    skipInstall: values["skip-install"],
  };
}

function log(line) {
  process.stderr.write(`bench: ${line}\n`);
}

/** Installs bench/'s dependencies from its lock file unless the installed tree already matches it. */
function ensureBenchDependencies() {
  const stampFile = path.join(MODULES, ".async-lint-bench-stamp");
  const stamp = createHash("sha256")
    .update(fs.readFileSync(path.join(BENCH_DIR, "package.json")))
    .update(fs.readFileSync(path.join(BENCH_DIR, "package-lock.json")))
    .digest("hex");
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp) return;
  const npm = process.env.npm_execpath ? [NODE, [process.env.npm_execpath]] : ["npm", []];
  const flags = ["--prefix", BENCH_DIR, "--ignore-scripts", "--no-audit", "--no-fund"];
  log("installing bench dependencies (npm ci --prefix bench) ...");
  let result = spawnSync(npm[0], [...npm[1], "ci", ...flags], { stdio: ["ignore", 2, "pipe"], encoding: "utf8" });
  if (result.status !== 0 && /in sync|Missing: /.test(result.stderr)) {
    // A registry mirror without other platforms' optional packages (oxlint's bindings for macOS, Windows, ...)
    // leaves them out of the lock file, and npm ci then refuses it; npm install --no-save installs the same
    // locked versions and leaves the lock file as it is.
    log("npm ci refused the lock file (optional packages of other platforms missing from it); using npm install --no-save");
    result = spawnSync(npm[0], [...npm[1], "install", "--no-save", ...flags], { stdio: ["ignore", 2, "pipe"], encoding: "utf8" });
  }
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error("installing bench dependencies failed");
  }
  fs.writeFileSync(stampFile, stamp);
}

function ensureBuilt() {
  if (!fs.existsSync(path.join(REPO, "node_modules", "typescript"))) {
    throw new Error("the repository's dependencies are missing: run `npm ci` in the repository first");
  }
  // Always rebuilt (a few seconds): a dist/ left from an older checkout would measure code that is not the tree's.
  log("building dist/ (node scripts/build.mjs) ...");
  execFileSync(NODE, [path.join(REPO, "scripts", "build.mjs")], { cwd: REPO, stdio: "inherit" });
  fs.mkdirSync(path.dirname(PLUGIN_COPY), { recursive: true });
  fs.copyFileSync(PLUGIN, PLUGIN_COPY);
}

/** How peak memory is read: GNU time's maximum resident set size, else a preload in each Node.js process. */
const rssMethod = fs.existsSync(TIME)
  ? "GNU time -v (maximum resident set size; user + system CPU time)"
  : "process.resourceUsage() at exit (a --require preload; Node.js tools only)";

/** Runs one command; returns wall time, peak RSS and, when `capture`, its output. */
function measure(executable, args, extraEnv, capture) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-bench-"));
  try {
    const rssFile = path.join(scratch, "rss");
    const stdoutFile = path.join(scratch, "stdout");
    const env = { ...process.env, ...extraEnv, NO_COLOR: "1" };
    let command = executable;
    let commandArgs = args;
    if (fs.existsSync(TIME)) {
      command = TIME;
      commandArgs = ["-v", "-o", rssFile, executable, ...args];
    } else {
      env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require ${path.join(BENCH_DIR, "tools", "report-rss.cjs")}`.trim();
      env.ASYNC_LINT_BENCH_RSS_FILE = rssFile;
    }
    const stdout = capture ? fs.openSync(stdoutFile, "w") : "ignore";
    const started = performance.now();
    const result = spawnSync(command, commandArgs, {
      cwd: BENCH_DIR,
      env,
      stdio: ["ignore", stdout, "pipe"],
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    if (typeof stdout === "number") fs.closeSync(stdout);
    if (result.error) throw result.error;
    return {
      seconds,
      status: result.status,
      stderr: result.stderr,
      stdout: capture ? fs.readFileSync(stdoutFile, "utf8") : "",
      ...readResourceUsage(rssFile),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Peak memory (MB) and CPU time (user + system, s) of the measured process. */
function readResourceUsage(file) {
  if (!fs.existsSync(file)) return {};
  const text = fs.readFileSync(file, "utf8");
  const peakKB = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
  if (peakKB) {
    const user = Number(/User time \(seconds\): ([\d.]+)/.exec(text)?.[1]);
    const system = Number(/System time \(seconds\): ([\d.]+)/.exec(text)?.[1]);
    return { peakRssMB: Number(peakKB) / 1024, cpuSeconds: user + system };
  }
  // The preload writes one line per Node.js process (a tool may start several): the largest peak counts, CPU adds up.
  const lines = text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
  if (lines.length === 0) return {};
  return {
    peakRssMB: Math.max(...lines.map((line) => line.maxRSS)) / 1024,
    cpuSeconds: lines.reduce((total, line) => total + line.cpuMicros, 0) / 1e6,
  };
}

function summarizeEslintJson(stdout) {
  const results = JSON.parse(stdout);
  let findings = 0;
  const unparsed = [];
  for (const result of results) {
    findings += result.messages.filter((message) => !message.fatal).length;
    const fatal = result.messages.find((message) => message.fatal);
    if (fatal) unparsed.push(`${path.relative(BENCH_DIR, result.filePath)}:${fatal.line}: ${fatal.message}`);
  }
  return { filesReported: results.length, findings, parseErrors: unparsed.length, unparsed: unparsed.slice(0, 5) };
}

function summarizeOxlintJson(stdout) {
  const report = JSON.parse(stdout);
  return { filesReported: report.number_of_files, findings: report.diagnostics.length, threads: report.threads_count };
}

function summarizeTsc(stdout) {
  return { typeErrors: (stdout.match(/error TS\d+/g) ?? []).length };
}

function summarizeStarts(stdout) {
  return JSON.parse(stdout.trim().split("\n").pop());
}

function summarizeJsonLine(stdout) {
  const { files, ...rest } = JSON.parse(stdout.trim().split("\n").pop());
  return { filesReported: files, ...rest };
}

/** Exit codes that mean "ran and reported": 0, 1 (findings) and, for tsc, 2 (errors, no output). */
function succeeded(row, status) {
  return status === 0 || status === 1 || ((row.id === "tsc" || row.id === "tsgo") && status === 2);
}

/** A command line for the record, with paths inside the repository relative to it and long file lists cut. */
function abbreviate(parts) {
  const shown = parts.map((part) => (path.isAbsolute(part) && !path.relative(REPO, part).startsWith("..") ? path.relative(REPO, part) : part));
  return shown.length > 20 ? `${shown.slice(0, 12).join(" ")} ... (${shown.length - 12} more arguments)` : shown.join(" ");
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

function toolVersions() {
  const version = (dir) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
  return {
    "async-lint": version(REPO),
    "typescript (async-lint's, parse floor)": version(path.join(REPO, "node_modules", "typescript")),
    "typescript (tsc, typescript-eslint)": version(path.join(MODULES, "typescript")),
    eslint: version(path.join(MODULES, "eslint")),
    "typescript-eslint": version(path.join(MODULES, "typescript-eslint")),
    "eslint-plugin-n": version(path.join(MODULES, "eslint-plugin-n")),
    oxlint: version(path.join(MODULES, "oxlint")),
    "oxlint-tsgolint": version(path.join(MODULES, "oxlint-tsgolint")),
    "typescript (tsgo, --engine ts7)": version(path.join(REPO, "node_modules", "typescript7")),
    "@astral-sh/ruff-wasm-nodejs": version(path.join(MODULES, "@astral-sh", "ruff-wasm-nodejs")),
    "web-tree-sitter (async-lint's, parse floor)": version(path.join(REPO, "node_modules", "web-tree-sitter")),
    "tree-sitter-python (async-lint's, parse floor)": version(path.join(REPO, "node_modules", "tree-sitter-python")),
  };
}

const fmt = {
  s: (value) => (value === undefined ? "–" : value.toFixed(2)),
  n: (value) =>
    value === undefined ? "–" : value >= 100 ? Math.round(value).toLocaleString("en-US") : value >= 10 ? value.toFixed(1) : value.toPrecision(2),
  x: (value) => (value === undefined ? "–" : `${value.toFixed(2)}×`),
};

function table(header, rows) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => "| " + cells.map((cell, column) => String(cell).padEnd(widths[column])).join(" | ") + " |";
  return [line(header), "| " + widths.map((width) => "-".repeat(width)).join(" | ") + " |", ...rows.map(line)].join("\n");
}

function render(results) {
  const out = [];
  for (const [suiteId, suite] of Object.entries(SUITES)) {
    const rows = results.rows.filter((row) => row.suite === suiteId);
    if (rows.length === 0) continue;
    const corpus = suite.corpus ? results.corpus[suite.corpus] : undefined;
    out.push(corpus ? `### ${suite.title}: ${corpus.count.toLocaleString("en-US")} files, ${(corpus.bytes / 1e6).toFixed(1)} MB` : `### ${suite.title}`, "");
    const ours = rows.find((row) => row.ours);
    out.push(
      table(
        ["tool", "files", "MB", "median s", "min–max s", "CPU s", "files/s", "MB/s", "peak MB", "time vs async-lint"],
        rows.map((row) => [
          row.tool,
          row.files?.toLocaleString("en-US") ?? "–",
          row.bytes === undefined ? "–" : (row.bytes / 1e6).toFixed(1),
          fmt.s(row.median),
          `${fmt.s(row.min)}–${fmt.s(row.max)}`,
          fmt.s(row.cpuMedian),
          fmt.n(row.filesPerSecond),
          fmt.n(row.mbPerSecond),
          row.peakRssMB === undefined ? "–" : Math.round(row.peakRssMB).toString(),
          ours ? fmt.x(row.median / ours.median) : "–",
        ]),
      ),
      "",
    );
  }
  if (results.ratios.length) {
    out.push("### Ratios (of median wall times, median CPU times beside; memory: of peak memory)", "");
    out.push(
      table(
        ["ratio", "wall (or memory)", "CPU", "target", "met"],
        results.ratios.map((ratio) => [
          ratio.label,
          fmt.x(ratio.value),
          fmt.x(ratio.cpuValue),
          ratio.target ?? "–",
          ratio.met === undefined ? "–" : ratio.met ? "yes" : "no",
        ]),
      ),
      "",
    );
  }
  return out.join("\n");
}

function main() {
  const options = parseOptions();
  if (!options.skipInstall) ensureBenchDependencies();
  ensureBuilt();
  const corpus = ensureCorpus(options.set, log);
  const versions = toolVersions();
  log(
    `corpus (${options.set}): js ${corpus.js.count} files / ${(corpus.js.bytes / 1e6).toFixed(1)} MB, ` +
      `typed ${corpus.typed.count} files / ${(corpus.typed.bytes / 1e6).toFixed(1)} MB, ` +
      `python ${corpus.py.count} files / ${(corpus.py.bytes / 1e6).toFixed(1)} MB (${corpus.py.source})`,
  );

  const state = options.rows.map((row) => {
    const [executable, args, env] = row.command(corpus, options);
    // Start-up rows have no files.
    const files = SUITES[row.suite].corpus ? corpus[SUITES[row.suite].corpus] : undefined;
    return { row, executable, args, env, files, times: [], cpu: [], peaks: [], check: undefined };
  });

  // Untimed warm-up: fills the file cache, checks that each tool runs, records what it reports.
  for (const entry of state) {
    log(`warm-up ${entry.row.id}: ${abbreviate([entry.executable, ...entry.args])}`);
    // async-lint's --debug summary says how many files had type information.
    const args = entry.row.ours ? [...entry.args, "--debug"] : entry.args;
    const result = measure(entry.executable, args, entry.env, true);
    if (!succeeded(entry.row, result.status)) {
      process.stderr.write(result.stderr.slice(-4000));
      throw new Error(`${entry.row.id} exited with ${result.status}`);
    }
    try {
      entry.check = { exitCode: result.status, ...entry.row.summarize(result.stdout) };
      const typed = /linted (\d+) files \((\d+) typed\)/.exec(result.stderr);
      if (entry.row.ours && typed) entry.check.typedFiles = Number(typed[2]);
    } catch (error) {
      entry.check = { exitCode: result.status, summaryError: String(error) };
    }
    // Every tool must have seen the whole corpus, or its figures compare nothing (tsc does not say how many).
    if (entry.files && entry.row.id !== "tsc" && entry.row.id !== "tsgo" && entry.check.filesReported !== entry.files.count) {
      entry.check.warning = `reported ${entry.check.filesReported ?? "no"} files of ${entry.files.count}`;
      log(`  WARNING ${entry.row.id}: ${entry.check.warning}`);
    }
    log(`  ${result.seconds.toFixed(2)} s, ${JSON.stringify(entry.check)}`);
  }

  for (let run = 1; run <= options.runs; run++) {
    for (const entry of state) {
      const result = measure(entry.executable, entry.args, entry.env, false);
      if (!succeeded(entry.row, result.status)) throw new Error(`${entry.row.id} exited with ${result.status} in run ${run}: ${result.stderr.slice(-2000)}`);
      entry.times.push(result.seconds);
      if (result.peakRssMB !== undefined) entry.peaks.push(result.peakRssMB);
      if (result.cpuSeconds !== undefined) entry.cpu.push(result.cpuSeconds);
    }
    log(`run ${run}/${options.runs}: ${state.map((entry) => `${entry.row.id} ${entry.times.at(-1).toFixed(2)} s`).join(", ")}`);
  }

  const rows = state.map(({ row, executable, args, files, times, cpu, peaks, check }) => {
    const middle = median(times);
    return {
      id: row.id,
      suite: row.suite,
      tool: row.tool,
      ours: !!row.ours,
      command: abbreviate([executable, ...args]),
      files: files?.count,
      bytes: files?.bytes,
      times,
      median: middle,
      min: Math.min(...times),
      max: Math.max(...times),
      cpuTimes: cpu,
      cpuMedian: cpu.length ? median(cpu) : undefined,
      filesPerSecond: files ? files.count / middle : undefined,
      mbPerSecond: files ? files.bytes / 1e6 / middle : undefined,
      peakRssMB: peaks.length ? Math.max(...peaks) : undefined,
      check,
    };
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ratios = RATIOS.filter((ratio) => byId.has(ratio.numerator) && byId.has(ratio.denominator)).map((ratio) => {
    const [numerator, denominator] = [byId.get(ratio.numerator), byId.get(ratio.denominator)];
    const of = ratio.of ?? "time";
    if (of === "memory") {
      const value = numerator.peakRssMB !== undefined && denominator.peakRssMB !== undefined ? numerator.peakRssMB / denominator.peakRssMB : undefined;
      return { label: ratio.label, of, numerator: ratio.numerator, denominator: ratio.denominator, value, target: ratio.target, met: value === undefined ? undefined : ratio.met?.(value) };
    }
    const value = numerator.median / denominator.median;
    const cpuValue = numerator.cpuMedian !== undefined && denominator.cpuMedian !== undefined ? numerator.cpuMedian / denominator.cpuMedian : undefined;
    return { label: ratio.label, of, numerator: ratio.numerator, denominator: ratio.denominator, value, cpuValue, target: ratio.target, met: ratio.met?.(value) };
  });

  const { root, key, ...corpusParts } = corpus;
  const results = {
    date: new Date().toISOString(),
    command: `npm run bench --${process.argv.slice(2).length ? " " + process.argv.slice(2).join(" ") : ""}`.replace(/ --$/, ""),
    runs: options.runs,
    machine: describeMachine(),
    loadAverageAtEnd: os.loadavg(),
    peakMemory: rssMethod,
    versions,
    corpus: Object.fromEntries(
      Object.entries(corpusParts)
        .filter(([, part]) => typeof part === "object")
        .map(([name, { dir, listFile, ...part }]) => [name, { ...part, dir: path.relative(REPO, dir) }]),
    ),
    corpusSet: options.set,
    rows,
    ratios,
  };
  results.corpus.key = key;

  const text = render(results);
  const machine = results.machine;
  const heading =
    `async-lint benchmark, ${results.date.slice(0, 10)}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}, ` +
    `Node.js ${machine.node}; median of ${options.runs} run(s) after a warm-up; MB = 10^6 bytes; peak memory: ${rssMethod}.`;
  const resultsDir = path.join(BENCH_DIR, "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  // A smoke test does not replace the figures of the last full run (the README's).
  const name = options.set === "quick" ? "latest-quick" : "latest";
  fs.writeFileSync(path.join(resultsDir, `${name}.json`), JSON.stringify(results, null, 2) + "\n");
  fs.writeFileSync(path.join(resultsDir, `${name}.md`), `${heading}\n\n${text}`);
  process.stdout.write(`\n${heading}\n\n${text}\nResults: ${path.relative(process.cwd(), path.join(resultsDir, `${name}.json`))} (and .md)\n`);
}

try {
  main();
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
