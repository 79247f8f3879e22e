// Builds the VS Code extension package (async-lint-<version>.vsix in the repository root) with @vscode/vsce,
// offline. vsce will not combine a .vscodeignore with package.json's "files" (the npm package's list), so the
// files the .vscodeignore allows are copied to a staging folder with a package.json without "files", and vsce
// packages that folder. The extension's README (its details page) is client/README.md, not the repository's.
// Run after a build: `npm run package` (or `node scripts/package-vsix.mjs <out-folder>`).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { globSync } from "tinyglobby";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

const allowed = readFileSync(path.join(root, ".vscodeignore"), "utf8")
  .split(/\r?\n/)
  .filter((line) => line.startsWith("!"))
  .map((line) => line.slice(1).trim())
  .filter((pattern) => pattern !== "package.json");
const files = globSync(allowed, { cwd: root, dot: true });
for (const required of ["dist/client.js", "dist/server.js", "schema/async-lint.schema.json", "node_modules/typescript/lib/typescript.js", "client/icon.png", "CHANGELOG.md"]) {
  if (!files.includes(required)) throw new Error(`${required} is missing: run \`npm run build\` (and \`npm run schema\`) first.`);
}

/**
 * client/README.md as the package's README.md: links re-based from client/ to the package root (each must name a
 * packaged file), and without its images. VS Code's details page shows images only from http(s) addresses (its
 * sanitizer drops data: and local ones: checked in code-server 1.139), and there is no web site to host them, so
 * an image there would be a broken one. vsce runs with --no-rewrite-relative-links: its rewriting would point the
 * links at a repository's web site. package.json names no repository until a public one exists
 * (--allow-missing-repository).
 */
function extensionReadme() {
  const text = readFileSync(path.join(root, "client/README.md"), "utf8");
  const rebased = text.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (link, image, label, target) => {
    if (/^([a-z][a-z0-9+.-]*:|#)/i.test(target)) return link;
    const [file, anchor = ""] = path.posix.normalize(path.posix.join("client", target)).split(/(?=#)/);
    if (image) {
      if (!existsSync(path.join(root, file))) throw new Error(`client/README.md shows ${target}, which does not exist`);
      return "";
    }
    if (!files.includes(file)) throw new Error(`client/README.md links to ${target}, which the .vsix does not contain`);
    return `[${label}](${file}${anchor})`;
  });
  // An image alone in its paragraph leaves blank lines behind: one paragraph break is enough.
  return rebased.replace(/\n{3,}/g, "\n\n");
}

const staging = mkdtempSync(path.join(tmpdir(), "async-lint-vsix-"));
try {
  for (const file of files) {
    mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(staging, file));
  }
  writeFileSync(path.join(staging, "README.md"), extensionReadme());
  // The extension's own manifest: the npm-only fields go, and TypeScript is its one run-time dependency.
  const { files: _files, bin: _bin, exports: _exports, scripts: _scripts, devDependencies: _dev, dependencies, ...extension } = manifest;
  extension.dependencies = { typescript: dependencies.typescript };
  writeFileSync(path.join(staging, "package.json"), JSON.stringify(extension, null, 2) + "\n");
  copyFileSync(path.join(root, ".vscodeignore"), path.join(staging, ".vscodeignore"));

  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : root;
  mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `${manifest.name}-${manifest.version}.vsix`);
  const vsce = path.join(root, "node_modules/@vscode/vsce/vsce");
  execFileSync(process.execPath, [vsce, "package", "--skip-license", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", out], { cwd: staging, stdio: "inherit" });
  console.log(out);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
