// The two typed engines' findings on one directory, diffed (issue 21): `async-lint --format json` with the
// TypeScript 6 engine and with `--engine ts7`, run one after the other from dist/, each finding compared by file,
// line, column, rule and message. Exits 1 when they differ, printing each difference.
// Usage: node bench/tools/ts7-engine-diff.mjs <directory> [more async-lint arguments]   (e.g. bench/corpus/full/typed)
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLI = path.join(REPO, "dist", "cli.js");
const [target, ...extra] = process.argv.slice(2);
if (!target) {
  console.error("usage: node bench/tools/ts7-engine-diff.mjs <directory> [async-lint arguments]");
  process.exit(2);
}

/** `file:line:column rule message` for each finding, sorted. */
function findings(engineArgs) {
  const started = performance.now();
  let stdout;
  try {
    stdout = execFileSync(process.execPath, [CLI, ...engineArgs, "--format", "json", ...extra, target], { cwd: REPO, maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "inherit"] });
  } catch (error) {
    // Exit code 1: findings were reported; the JSON is on stdout all the same.
    if (error.status !== 1) throw error;
    stdout = error.stdout;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const keys = JSON.parse(stdout.toString())
    .flatMap((result) => result.messages.map((m) => `${path.relative(REPO, result.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))
    .sort();
  return { keys, seconds };
}

const ts6 = findings([]);
const ts7 = findings(["--engine", "ts7"]);
const unmatched = [...ts7.keys];
const differences = [];
for (const key of ts6.keys) {
  const at = unmatched.indexOf(key);
  if (at >= 0) unmatched.splice(at, 1);
  else differences.push(`ts6 only: ${key}`);
}
differences.push(...unmatched.map((key) => `ts7 only: ${key}`));
console.log(`${target}: TypeScript 6 engine ${ts6.keys.length} findings (${ts6.seconds} s), --engine ts7 ${ts7.keys.length} (${ts7.seconds} s); ${differences.length} differences`);
for (const line of differences) console.log(line);
process.exit(differences.length === 0 ? 0 : 1);
