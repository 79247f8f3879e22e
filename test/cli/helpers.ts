// Runs the built CLI (dist/cli.js) as a child process, on temporary copies of the fixtures.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll } from "vitest";
import { RULES } from "../../rules/core/registry";

export const REPO = path.resolve(__dirname, "..", "..");
export const CLI = path.join(REPO, "dist", "cli.js");
export const FIXTURES = path.join(__dirname, "fixtures");
export const IS_ROOT = typeof process.getuid === "function" && process.getuid() === 0;
const NOBODY = 65534;

/** Opens a temporary folder to every user, so a CLI run as "nobody" (see `unprivileged`) can work in it. */
export function shareWithEveryone(dir: string): void {
  const visit = (target: string) => {
    const stat = fs.lstatSync(target);
    if (stat.isSymbolicLink()) return;
    fs.chmodSync(target, stat.isDirectory() ? 0o777 : 0o666);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(target)) visit(path.join(target, entry));
  };
  visit(dir);
}

/** The messages the current rules give for the fixtures; one place to update when their wording changes. */
export const MESSAGES = {
  readFileSync: (fn: string) =>
    `\`fs.readFileSync\` blocks the event loop inside async function '${fn}': it does file-system I/O synchronously. Use the fs/promises \`readFile\` (await it).`,
  execSync: (fn: string) =>
    `\`execSync\` blocks the event loop inside async function '${fn}': it waits for the child process to exit. Use child_process \`exec\` (promisified with util.promisify) or \`spawn\`.`,
};

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The fixtures exercise the CLI through no-blocking-call. So that rules registered later cannot change the
 * expected output, runCli turns every other registered rule off (unless `allRules`).
 */
export const OTHER_RULES_OFF: readonly string[] = RULES.filter((rule) => rule.meta.id !== "no-blocking-call").flatMap((rule) => ["--rule", `${rule.meta.id}:off`]);

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Keep every registered rule at its configured severity. */
  allRules?: boolean;
  /** Run as an unprivileged user when the tests run as root (for permission tests). */
  unprivileged?: boolean;
}

export function runCli(args: readonly string[], cwd: string, options: RunOptions = {}): CliRun {
  ensureBuilt();
  const childEnv: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env };
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
  const argv = options.allRules ? [...args] : [...args, ...OTHER_RULES_OFF];
  // Permission tests mean nothing as root (root may read and write anything): run the CLI as "nobody" instead.
  const identity = options.unprivileged && IS_ROOT ? { uid: NOBODY, gid: NOBODY } : {};
  const result = spawnSync(process.execPath, [CLI, ...argv], { cwd, env: childEnv as NodeJS.ProcessEnv, encoding: "utf8", timeout: 60_000, ...identity });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-cli-")));
  temporary.push(dir);
  return dir;
}

/** A temporary copy of `test/cli/fixtures/<name>`, for anything that writes or adds files. */
export function copyFixture(name: string): string {
  const dir = tempDir();
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function write(dir: string, relative: string, content: string | Buffer): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

export function read(dir: string, relative: string): string {
  return fs.readFileSync(path.join(dir, relative), "utf8");
}

export function fixtureText(relative: string): string {
  return fs.readFileSync(path.join(FIXTURES, relative), "utf8");
}

export interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId: string;
  fix?: { range: [number, number]; text: string };
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
  level?: string;
  relatedLocations?: { filePath?: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  source?: string;
  output?: string;
}

export function parseJson(run: CliRun): JsonResult[] {
  return JSON.parse(run.stdout) as JsonResult[];
}

// The CLI under test is dist/cli.js. `npm test` builds first; when running vitest alone, build here if dist is
// missing or older than the sources (once, with a lock folder, since test files run in parallel workers).
let built = false;
function ensureBuilt(): void {
  if (built) return;
  if (isStale()) {
    const lock = path.join(REPO, "dist", ".build-lock");
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    let owner = false;
    const deadline = Date.now() + 120_000;
    while (!owner && Date.now() < deadline) {
      try {
        fs.mkdirSync(lock);
        owner = true;
      } catch {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        if (!isStale()) break;
      }
    }
    if (owner) {
      try {
        if (isStale()) execFileSync(process.execPath, [path.join(REPO, "scripts", "build.mjs")], { cwd: REPO, stdio: "inherit", env: { ...process.env, npm_package_version: packageVersion() } });
      } finally {
        fs.rmSync(lock, { recursive: true, force: true });
      }
    }
  }
  built = true;
}

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
}

function isStale(): boolean {
  let builtAt: number;
  try {
    builtAt = fs.statSync(CLI).mtimeMs;
  } catch {
    return true;
  }
  return newestSource([path.join(REPO, "cli"), path.join(REPO, "rules")]) > builtAt;
}

function newestSource(dirs: string[]): number {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
      const full = path.join(entry.parentPath, entry.name);
      if (full.includes(`${path.sep}fixtures${path.sep}`)) continue;
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}
