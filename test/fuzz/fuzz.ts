// The in-process fuzz loop, shared by the seeded test (npm test) and the long run (npm run fuzz).
// Each input gets its own seed derived from the run's seed, so any failure is replayed alone with
// `npm run fuzz -- --replay <input-seed> --mutator <name> --file <path>`.
import * as fs from "node:fs";
import * as path from "node:path";
import { type CheckResult, checkInput, type Problem } from "./check";
import { type CorpusFile, readCorpusText, REPO } from "./corpus";
import { MUTATORS, type Mutation, type Mutator, tokenBoundaries } from "./mutators";
import { Prng } from "./prng";

// Outside test/ so that saved inputs (often not valid TypeScript) are not type-checked with the sources.
export const CRASH_DIR = path.join(REPO, "fuzz-crashes");

export interface FuzzInput {
  file: CorpusFile;
  mutator: Mutator;
  inputSeed: number;
  mutation: Mutation;
}

export interface FuzzFailure {
  inputSeed: number;
  mutator: string;
  filePath: string;
  detail: string;
  problems: Problem[];
  /** Where the input was written, when saving was asked for. */
  savedAs?: string;
}

export interface FuzzStats {
  inputs: number;
  perMutator: Record<string, number>;
  bytes: number;
  lintMs: number;
  findings: number;
  fixesApplied: number;
  /** Inputs the parser could not analyse (nested too deeply): reported by the CLI as skipped. */
  notAnalyzed: number;
  /** The slowest lint per MB seen on inputs of at least 1 MB. */
  worstMsPerMb: number;
  failures: FuzzFailure[];
}

export function emptyStats(): FuzzStats {
  return { inputs: 0, perMutator: {}, bytes: 0, lintMs: 0, findings: 0, fixesApplied: 0, notAnalyzed: 0, worstMsPerMb: 0, failures: [] };
}

/** Builds one input; deterministic in (file, mutator, inputSeed). */
export function makeInput(file: CorpusFile, text: string, mutator: Mutator, inputSeed: number): FuzzInput {
  const mutation = mutator.apply({ filePath: file.filePath, text, language: file.language }, new Prng(inputSeed));
  return { file, mutator, inputSeed, mutation };
}

export function describeFailure(failure: FuzzFailure): string {
  const where = path.relative(REPO, failure.filePath) || failure.filePath;
  return (
    `seed ${failure.inputSeed} mutator ${failure.mutator} file ${where} (${failure.detail})\n` +
    `  replay: npm run fuzz -- --replay ${failure.inputSeed} --mutator ${failure.mutator} --file ${where}\n` +
    (failure.savedAs ? `  input saved: ${path.relative(REPO, failure.savedAs)}\n` : "") +
    failure.problems.map((p) => `  ${p.kind}: ${p.message.split("\n").slice(0, 8).join("\n    ")}`).join("\n")
  );
}

/** Saves a failing input as fuzz-crashes/<mutator>-<seed><ext> (the folder is git-ignored). */
export function saveInput(input: FuzzInput): string {
  fs.mkdirSync(CRASH_DIR, { recursive: true });
  const ext = path.extname(input.file.filePath);
  const target = path.join(CRASH_DIR, `${input.mutator.name}-${input.inputSeed}${ext}`);
  fs.writeFileSync(target, input.mutation.bytes ?? input.mutation.text);
  return target;
}

export function runInput(input: FuzzInput, stats: FuzzStats, options: { save?: boolean } = {}): CheckResult {
  const { text } = input.mutation;
  const result = checkInput(input.file.filePath, text);
  stats.inputs++;
  stats.perMutator[input.mutator.name] = (stats.perMutator[input.mutator.name] ?? 0) + 1;
  stats.bytes += text.length;
  stats.lintMs += result.lintMs;
  stats.findings += result.findings;
  stats.fixesApplied += result.fixesApplied;
  if (result.notAnalyzed) stats.notAnalyzed++;
  if (text.length >= 1024 * 1024) stats.worstMsPerMb = Math.max(stats.worstMsPerMb, result.lintMs / (text.length / 1048576));
  if (result.problems.length > 0) {
    const failure: FuzzFailure = { inputSeed: input.inputSeed, mutator: input.mutator.name, filePath: input.file.filePath, detail: input.mutation.detail, problems: result.problems };
    if (options.save) failure.savedAs = saveInput(input);
    stats.failures.push(failure);
  }
  return result;
}

export interface FuzzRunOptions {
  seed: number;
  corpus: readonly CorpusFile[];
  /** Stop after this many inputs... */
  iterations?: number;
  /** ...or after this many milliseconds, whichever comes first. */
  durationMs?: number;
  mutators?: readonly Mutator[];
  /** Heavy inputs (10 MB files, 10,000-level nesting) are this fraction of the inputs (default 0.02). */
  heavyShare?: number;
  save?: boolean;
  onProgress?: (stats: FuzzStats) => void;
  /** Called before each input is linted (the long run's watchdog names the input that hangs). */
  onInput?: (input: FuzzInput) => void;
}

export function fuzz(options: FuzzRunOptions): FuzzStats {
  const rng = new Prng(options.seed);
  const stats = emptyStats();
  const mutators = options.mutators ?? MUTATORS;
  const light = mutators.filter((m) => !m.heavy);
  const heavy = mutators.filter((m) => m.heavy);
  const texts = new Map<string, string | undefined>();
  const textOf = (file: CorpusFile) => {
    if (!texts.has(file.filePath)) texts.set(file.filePath, readCorpusText(file.filePath));
    return texts.get(file.filePath);
  };
  const deadline = options.durationMs !== undefined ? Date.now() + options.durationMs : Infinity;
  const limit = options.iterations ?? Infinity;
  let lastProgress = Date.now();
  while (stats.inputs < limit && Date.now() < deadline) {
    const file = rng.pick(options.corpus);
    const pool = heavy.length > 0 && (light.length === 0 || rng.chance(options.heavyShare ?? 0.02)) ? heavy : light;
    const mutator = rng.pick(pool);
    const inputSeed = rng.fork();
    const text = textOf(file);
    if (text === undefined) continue;
    const input = makeInput(file, text, mutator, inputSeed);
    options.onInput?.(input);
    runInput(input, stats, { save: options.save });
    if (options.onProgress && Date.now() - lastProgress > 10_000) {
      lastProgress = Date.now();
      options.onProgress(stats);
    }
  }
  return stats;
}

/** Every token-boundary truncation of one file (the exhaustive form of the truncate mutator). */
export function truncateEverywhere(file: CorpusFile, stats: FuzzStats, options: { save?: boolean; step?: number } = {}): void {
  const text = readCorpusText(file.filePath);
  if (text === undefined) return;
  const boundaries = tokenBoundaries({ filePath: file.filePath, text, language: file.language });
  const mutator: Mutator = { name: "truncate-every-token", apply: () => ({ text: "", detail: "" }) };
  const step = options.step ?? 1;
  for (let i = 0; i < boundaries.length; i += step) {
    const at = boundaries[i];
    runInput({ file, mutator, inputSeed: at, mutation: { text: text.slice(0, at), detail: `cut at ${at} of ${text.length}` } }, stats, options);
  }
}
