// The long fuzz run (`npm run fuzz -- [options]`), bundled and started by test/fuzz/run.mjs.
//
//   --seed <n>          run seed (default: from the clock, printed)
//   --minutes <m>       stop after m minutes (default 5)          --iterations <n>  ...or after n inputs
//   --mutator <name>    only this mutator (repeatable)             --corpus <dir>    add a folder (repeatable)
//   --truncate-all      first, every token-boundary truncation of every corpus file (step with --truncate-step)
//   --fix-safety        also apply all safe fixes on every corpus file unmutated, with the strict checks
//   --cli <n>           also run n mutated inputs through the built CLI (dist/cli.js)
//   --replay <seed> --mutator <name> --file <path>   run one input and print the result
//   --save              write failing inputs to fuzz-crashes/
//   --trace             print each input before linting it (to find the one that hangs)
import * as fs from "node:fs";
import * as path from "node:path";
import { initPython } from "../../rules/lang/python/parser";
import { checkInput } from "./check";
import { type CorpusFile, corpusRoots, listCorpus, readCorpusText, REPO } from "./corpus";
import { runCliSample } from "./cli-driver";
import { describeFailure, emptyStats, type FuzzStats, fuzz, makeInput, saveInput, truncateEverywhere } from "./fuzz";
import { fixSafety } from "./fix-safety";
import { MUTATORS, mutatorByName } from "./mutators";

interface Args {
  seed: number;
  minutes: number;
  iterations?: number;
  mutators: string[];
  corpus: string[];
  truncateAll: boolean;
  truncateStep: number;
  fixSafety: boolean;
  cli: number;
  replay?: number;
  file?: string;
  save: boolean;
  trace: boolean;
}

function parse(argv: string[]): Args {
  const args: Args = { seed: Date.now() % 0x1_0000_0000, minutes: 5, mutators: [], corpus: [], truncateAll: false, truncateStep: 1, fixSafety: false, cli: 0, save: false, trace: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return next;
    };
    switch (argv[i]) {
      case "--seed": args.seed = Number(value()) >>> 0; break;
      case "--minutes": args.minutes = Number(value()); break;
      case "--iterations": args.iterations = Number(value()); break;
      case "--mutator": args.mutators.push(value()); break;
      case "--corpus": args.corpus.push(path.resolve(value())); break;
      case "--truncate-all": args.truncateAll = true; break;
      case "--truncate-step": args.truncateStep = Number(value()); break;
      case "--fix-safety": args.fixSafety = true; break;
      case "--cli": args.cli = Number(value()); break;
      case "--replay": args.replay = Number(value()) >>> 0; break;
      case "--file": args.file = path.resolve(REPO, value()); break;
      case "--save": args.save = true; break;
      case "--trace": args.trace = true; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return args;
}

function line(text: string): void {
  process.stdout.write(text + "\n");
}

function summary(title: string, stats: FuzzStats, ms: number): void {
  line(`${title}: ${stats.inputs} inputs, ${(stats.bytes / 1048576).toFixed(1)} MB, ${(ms / 1000).toFixed(0)} s; ${stats.findings} findings, ${stats.fixesApplied} fixes applied; ${stats.notAnalyzed} not analysed (nested too deeply to parse); worst ${Math.round(stats.worstMsPerMb)} ms/MB on inputs ≥ 1 MB; ${stats.failures.length} failures`);
  for (const [name, count] of Object.entries(stats.perMutator).sort()) line(`  ${name}: ${count}`);
  const kinds = new Map<string, number>();
  for (const failure of stats.failures) for (const problem of failure.problems) kinds.set(problem.kind, (kinds.get(problem.kind) ?? 0) + 1);
  for (const [kind, count] of kinds) line(`  problems ${kind}: ${count}`);
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  await initPython();
  if (args.replay !== undefined) {
    if (!args.file || args.mutators.length !== 1) throw new Error("--replay needs --file and one --mutator");
    const file: CorpusFile = { filePath: args.file, language: args.file.endsWith(".py") ? "python" : "typescript" };
    const text = readCorpusText(args.file);
    if (text === undefined) throw new Error(`${args.file} is not UTF-8 text`);
    const input =
      args.mutators[0] === "truncate-every-token"
        ? { file, mutator: { name: "truncate-every-token", apply: () => ({ text: "", detail: "" }) }, inputSeed: args.replay, mutation: { text: text.slice(0, args.replay), detail: `cut at ${args.replay}` } }
        : makeInput(file, text, mutatorByName(args.mutators[0]), args.replay);
    line(`input: ${input.mutation.detail}, ${input.mutation.text.length} characters`);
    if (args.save) line(`saved: ${saveInput(input)}`);
    const result = checkInput(args.file, input.mutation.text);
    line(`lint ${Math.round(result.lintMs)} ms, ${result.findings} findings, ${result.fixesApplied} fixes applied`);
    for (const problem of result.problems) line(`${problem.kind}: ${problem.message}`);
    return result.problems.length > 0 ? 1 : 0;
  }

  const corpus = listCorpus(corpusRoots(args.corpus));
  const mutators = args.mutators.length > 0 ? args.mutators.map(mutatorByName) : MUTATORS;
  line(`seed ${args.seed}; corpus ${corpus.length} files (${corpus.filter((f) => f.language === "python").length} Python); mutators ${mutators.map((m) => m.name).join(", ")}`);
  let failures = 0;

  if (args.truncateAll) {
    const stats = emptyStats();
    const started = Date.now();
    for (const file of corpus) truncateEverywhere(file, stats, { save: args.save, step: args.truncateStep });
    summary("truncation at every token boundary", stats, Date.now() - started);
    for (const failure of stats.failures) line(describeFailure(failure));
    failures += stats.failures.length;
  }

  if (args.fixSafety) {
    const started = Date.now();
    const report = fixSafety(corpus);
    line(
      `fix safety: ${report.files} files, ${report.filesFixed} changed by fixes, ${report.fixesApplied} fixes applied, ${report.typedChecked} typed files type-checked; ${report.failures.length} failures (${Math.round((Date.now() - started) / 1000)} s)`,
    );
    for (const failure of report.failures) line(`  ${path.relative(REPO, failure.filePath)}: ${failure.problems.map((p) => `${p.kind}: ${p.message.split("\n")[0]}`).join("; ")}`);
    failures += report.failures.length;
  }

  const started = Date.now();
  const stats = fuzz({
    seed: args.seed,
    corpus,
    iterations: args.iterations,
    durationMs: args.minutes * 60_000,
    mutators,
    save: args.save,
    onProgress: (s) => process.stderr.write(`  ... ${s.inputs} inputs, ${s.failures.length} failures\n`),
    // Written synchronously before each input: when one hangs, the last line names it.
    onInput: args.trace ? (input) => fs.writeSync(2, `> --replay ${input.inputSeed} --mutator ${input.mutator.name} --file ${path.relative(REPO, input.file.filePath)}\n`) : undefined,
  });
  summary("mutated inputs (in process)", stats, Date.now() - started);
  for (const failure of stats.failures) line(describeFailure(failure));
  failures += stats.failures.length;

  if (args.cli > 0) {
    const cli = runCliSample({ seed: args.seed, corpus, count: args.cli, mutators });
    line(`CLI: ${cli.runs} runs on ${cli.files} mutated files; exit codes ${JSON.stringify(cli.exitCodes)}; ${cli.failures.length} failures`);
    for (const failure of cli.failures) line(`  ${failure}`);
    failures += cli.failures.length;
  }
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
