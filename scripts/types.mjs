// Writes the published type declarations into dist/types: the library API from its sources (tsc), and the ESLint
// plugin's hand-written declaration (eslint-plugin/public-types.d.ts). Run by `npm pack` (prepack) and `npm run release`.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
rmSync(path.join(root, "dist/types"), { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "tsconfig.types.json")], { stdio: "inherit" });
mkdirSync(path.join(root, "dist/types/eslint-plugin"), { recursive: true });
copyFileSync(path.join(root, "eslint-plugin/public-types.d.ts"), path.join(root, "dist/types/eslint-plugin/index.d.ts"));
