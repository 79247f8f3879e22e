// Mutated documents through the real language server (over stdio, via the LSP test harness): the server answers
// diagnostics for every document version, logs no rule crash, and still answers a final request.
import * as path from "node:path";
import { LspClient, makeProject, removeProjects } from "../lsp/harness";
import { type CorpusFile, readCorpusText } from "./corpus";
import { makeInput } from "./fuzz";
import { MUTATORS, type Mutator } from "./mutators";
import { Prng } from "./prng";

export interface ServerSampleResult {
  documents: number;
  diagnostics: number;
  failures: string[];
}

export async function runServerSample(options: { seed: number; corpus: readonly CorpusFile[]; count: number; mutators?: readonly Mutator[] }): Promise<ServerSampleResult> {
  const rng = new Prng(options.seed ^ 0x15e7);
  const mutators = (options.mutators ?? MUTATORS).filter((m) => !m.heavy);
  const dir = makeProject({});
  const client = await LspClient.start({ workspaceFolders: [dir] });
  const result: ServerSampleResult = { documents: 0, diagnostics: 0, failures: [] };
  try {
    let uri: string | undefined;
    for (let i = 0; i < options.count; i++) {
      const file = rng.pick(options.corpus);
      const text = readCorpusText(file.filePath);
      if (text === undefined) continue;
      const mutator = rng.pick(mutators);
      const inputSeed = rng.fork();
      const input = makeInput(file, text, mutator, inputSeed);
      const what = `${mutator.name} seed ${inputSeed} of ${file.filePath}`;
      // Every other input is a new version of the open document (as typing does), the rest new documents.
      if (uri && uri.endsWith(path.extname(file.filePath)) && rng.chance(0.5)) await client.change(uri, input.mutation.text);
      else uri = await client.open(path.join(dir, `doc${i}${path.extname(file.filePath)}`), input.mutation.text);
      try {
        result.diagnostics += (await client.diagnostics(uri)).length;
        result.documents++;
      } catch (error) {
        result.failures.push(`${what}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
        break;
      }
    }
    await client.barrier();
    if (!client.processAlive) result.failures.push(`the server exited: ${client.stderrText}`);
    const crashes = client.logs.map((l) => l.message).filter((m) => /failed|crash|internal error|Maximum call stack/i.test(m));
    for (const crash of crashes) result.failures.push(`server log: ${crash.split("\n")[0]}`);
  } finally {
    await client.stop();
    removeProjects();
  }
  return result;
}
