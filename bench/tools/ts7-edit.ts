// The editor's loop without the editor (issue 21): one file of a project, linted typed with every rule, first from
// cold (the project's program built: the time to first diagnostics) and then after each of N edits (the time from a
// changed text to new findings), with TypeScript 6 (a program rebuilt from the old one, as the CLI's fix loop does)
// and with TypeScript 7 (--engine ts7: a new snapshot with the file changed, its AST and types over the API).
// Bundled and run by bench/tools/ts7-edit.mjs: node bench/tools/ts7-edit.mjs <tsconfig> <file> [edits] [ts6|ts7]
import * as fs from "node:fs";
import * as path from "node:path";
import { lintSource } from "../../rules/core/engine";
import { resolveRuleSettings } from "../../rules/core/config";
import { loadTypeScript7, TypeScript7Engine } from "../../rules/lang/typescript/typescript7-questions";
import { TsProjects } from "../../rules/lang/typescript/project";
import { programWithText } from "../../cli/programs";

const [tsconfigArg, fileArg, editsArg = "20", engineArg = "ts7"] = process.argv.slice(2);
const tsconfig = path.resolve(tsconfigArg);
const file = path.resolve(fileArg);
const edits = Number(editsArg);
const original = fs.readFileSync(file, "utf8");
const rules = resolveRuleSettings(undefined);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
// An edit as typing makes one: a statement added at the end, different each time.
const edited = (i: number) => `${original}\nexport const edit${i} = ${i};\n`;

const times: number[] = [];
let first = 0;
let findings = 0;
if (engineArg === "ts7") {
  const loaded = loadTypeScript7();
  if (!loaded.ok) throw new Error(loaded.reason);
  let overlay = original;
  const started = performance.now();
  const engine = new TypeScript7Engine(loaded.api, loaded.syntaxKind, path.dirname(tsconfig), (name) => (path.resolve(name) === file ? overlay : undefined));
  const lint = (text: string) => lintSource({ filePath: file, text, rules, typeQuestions: engine.questionsFor(tsconfig, file, text) });
  let result = lint(original);
  first = performance.now() - started;
  findings = result.findings.length;
  if (!result.typed) throw new Error("not typed");
  for (let i = 0; i < edits; i++) {
    overlay = edited(i);
    const editStarted = performance.now();
    engine.fileChanged(file);
    result = lint(overlay);
    times.push(performance.now() - editStarted);
    if (!result.typed) throw new Error("edit not typed");
  }
  engine.close();
} else {
  const started = performance.now();
  let program = new TsProjects().programFor(file)!;
  let result = lintSource({ filePath: file, text: original, rules, program });
  first = performance.now() - started;
  findings = result.findings.length;
  if (!result.typed) throw new Error("not typed");
  for (let i = 0; i < edits; i++) {
    const editStarted = performance.now();
    program = programWithText(program, file, edited(i));
    result = lintSource({ filePath: file, text: edited(i), rules, program });
    times.push(performance.now() - editStarted);
    if (!result.typed) throw new Error("edit not typed");
  }
}
console.log(
  JSON.stringify({ engine: engineArg, file: path.basename(file), findings, firstMs: Math.round(first), edits, p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)) }),
);
