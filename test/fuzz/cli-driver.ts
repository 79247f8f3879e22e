// Mutated inputs through the built CLI (dist/cli.js) as a subprocess: the exit code is 0 or 1 (never 2 from an
// internal error), stderr holds no stack trace and no crash, and every run ends within its time budget.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BUDGET_BASE_MS, BUDGET_MS_PER_MB } from "./check";
import { type CorpusFile, readCorpusText, REPO } from "./corpus";
import { CRASH_DIR, makeInput } from "./fuzz";
import { MUTATORS, type Mutator } from "./mutators";
import { Prng } from "./prng";

export const CLI = path.join(REPO, "dist", "cli.js");

export interface CliSampleResult {
  runs: number;
  files: number;
  exitCodes: Record<string, number>;
  failures: string[];
}

/** stderr lines a healthy run may print for mutated files: skipped non-UTF-8 or binary files. */
const EXPECTED_STDERR = /^async-lint: warning: skipped .+: (not valid UTF-8|binary file|UTF-16 encoded \(async-lint reads UTF-8\)|nested too deeply to parse \(the parser ran out of stack space\))$/;

export function runCliSample(options: { seed: number; corpus: readonly CorpusFile[]; count: number; mutators?: readonly Mutator[]; batch?: number; args?: string[] }): CliSampleResult {
  const rng = new Prng(options.seed ^ 0x5eed);
  const mutators = options.mutators ?? MUTATORS;
  const batch = options.batch ?? 10;
  const result: CliSampleResult = { runs: 0, files: 0, exitCodes: {}, failures: [] };
  for (let done = 0; done < options.count; done += batch) {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-fuzz-")));
    try {
      const written: string[] = [];
      let bytes = 0;
      for (let i = 0; i < Math.min(batch, options.count - done); i++) {
        const file = rng.pick(options.corpus);
        const text = readCorpusText(file.filePath);
        if (text === undefined) continue;
        const mutator = rng.pick(mutators);
        const inputSeed = rng.fork();
        const input = makeInput(file, text, mutator, inputSeed);
        const name = `${String(i).padStart(2, "0")}-${mutator.name}-${inputSeed}${path.extname(file.filePath)}`;
        const content = input.mutation.bytes ?? Buffer.from(input.mutation.text, "utf8");
        fs.writeFileSync(path.join(dir, name), content);
        bytes += content.length;
        written.push(`${name} from ${path.relative(REPO, file.filePath)} (${input.mutation.detail})`);
      }
      result.files += written.length;
      const timeout = Math.round(BUDGET_BASE_MS * 5 + (bytes / 1048576) * BUDGET_MS_PER_MB * 2);
      const run = spawnSync(process.execPath, [CLI, "--format", "json", ...(options.args ?? []), "."], { cwd: dir, encoding: "utf8", timeout, maxBuffer: 256 * 1024 * 1024 });
      result.runs++;
      const code = run.error ? `error:${(run.error as NodeJS.ErrnoException).code}` : String(run.status ?? run.signal);
      result.exitCodes[code] = (result.exitCodes[code] ?? 0) + 1;
      const problems: string[] = [];
      if (code !== "0" && code !== "1") problems.push(`exit ${code}${run.error ? ` after ${timeout} ms` : ""}`);
      const unexpected = (run.stderr ?? "").split("\n").filter((l) => l && !EXPECTED_STDERR.test(l));
      if (unexpected.length > 0) problems.push(`stderr: ${unexpected.slice(0, 5).join(" | ")}`);
      if (code === "0" || code === "1") {
        try {
          JSON.parse(run.stdout);
        } catch {
          problems.push("stdout is not JSON");
        }
      }
      if (problems.length > 0) {
        // Keep the inputs for a failing run.
        const kept = path.join(CRASH_DIR, `cli-${options.seed}-${done}`);
        fs.mkdirSync(path.dirname(kept), { recursive: true });
        fs.cpSync(dir, kept, { recursive: true });
        result.failures.push(`${problems.join("; ")}\n    inputs kept in ${path.relative(REPO, kept)}: ${written.join(", ")}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return result;
}
