// `npm run release`: the two artifacts users install, written into release/ with the version from package.json:
// the npm package (async-lint-<version>.tgz, with its type declarations) and the VS Code extension (.vsix).
// Publish the tarball itself (`npm publish release/async-lint-<version>.tgz`): its package.json has no scripts and
// no devDependencies, so installing it runs nothing (npm 11 warns about any package that declares install-time
// scripts, and the repository's `prepare`, which builds dist/ after `npm ci`, is one).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const out = path.join(root, "release");
const node = (script, ...args) => execFileSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: "inherit" });

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
node("scripts/build.mjs");
node("scripts/types.mjs");

// npm's own choice of files (package.json "files", README, LICENSE), packed from a staging copy whose manifest
// keeps only what a user's install reads.
const [{ files }] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }));
const staging = mkdtempSync(path.join(tmpdir(), "async-lint-release-"));
try {
  for (const { path: file } of files) {
    if (file === "package.json") continue;
    mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(staging, file));
  }
  // The VS Code extension's fields (its entry point dist/client.js is not in the npm package) go too.
  const { scripts: _scripts, devDependencies: _dev, contributes: _contributes, activationEvents: _events, capabilities: _capabilities, ...published } = manifest;
  published.main = "./dist/index.js";
  const { vscode: _vscode, ...engines } = manifest.engines;
  published.engines = engines;
  writeFileSync(path.join(staging, "package.json"), JSON.stringify(published, null, 2) + "\n");
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", out], { cwd: staging, stdio: ["ignore", "ignore", "inherit"] });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
node("scripts/package-vsix.mjs", out);
console.log(`release/${manifest.name}-${manifest.version}.tgz\nrelease/${manifest.name}-${manifest.version}.vsix`);
