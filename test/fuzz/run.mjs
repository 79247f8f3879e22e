// `npm run fuzz -- [options]`: bundles test/fuzz/main.ts (TypeScript) with esbuild and runs it. Options are
// listed at the top of main.ts. The bundle goes to test/fuzz/.build/ (git-ignored) so that node_modules resolve.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(here, ".build", "main.js");
await build({
  entryPoints: [path.join(here, "main.ts")],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  outfile,
  external: ["typescript", "vitest"],
  mainFields: ["module", "main"],
  alias: { "web-tree-sitter": "./node_modules/web-tree-sitter/web-tree-sitter.cjs" },
  absWorkingDir: path.resolve(here, "..", ".."),
  logLevel: "warning",
  sourcemap: "inline",
});
const run = spawnSync(process.execPath, ["--enable-source-maps", outfile, ...process.argv.slice(2)], { stdio: "inherit" });
process.exitCode = run.status ?? 2;
