// Bundles ts7-edit.ts (it imports the repository's TypeScript sources) with esbuild and runs it; arguments pass through.
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(os.tmpdir(), `async-lint-ts7-edit-${process.pid}.cjs`);
buildSync({ entryPoints: [path.join(here, "ts7-edit.ts")], bundle: true, platform: "node", format: "cjs", outfile, external: ["typescript", "typescript7"], mainFields: ["module", "main"], nodePaths: [path.join(here, "..", "..", "node_modules")], logLevel: "error" });
const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: "inherit", env: { ...process.env, NODE_PATH: path.join(here, "..", "..", "node_modules") } });
process.exit(result.status ?? 1);
