// What `npm pack` puts in the npm package: the bundles, the wasm parsers, the type declarations, the schema and the
// docs; no tests, fixtures, benchmarks, editor-test caches or the VS Code extension's own entry point. And what the
// .vsix holds (scripts/package-vsix.mjs): the extension's own README as its details page, the changelog, the icon,
// the rules' docs, nothing only the repository needs.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as yauzl from "yauzl";
import { RULE_IDS } from "../rules/core/registry";

const REPO = path.resolve(__dirname, "..");
let files: string[];

beforeAll(() => {
  // The declarations are written by prepack (scripts/types.mjs); --ignore-scripts below keeps npm from rebuilding.
  execFileSync(process.execPath, [path.join(REPO, "scripts/types.mjs")], { cwd: REPO, stdio: "inherit" });
  const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO, encoding: "utf8" }));
  files = (pack.files as { path: string }[]).map((file) => file.path).sort();
}, 300_000);

it("holds the bundles, parsers, declarations, schema and docs", () => {
  for (const required of [
    "dist/cli.js",
    "dist/index.js",
    "dist/server.js",
    "dist/eslint-plugin.js",
    "dist/tree-sitter-python.wasm",
    "dist/web-tree-sitter.wasm",
    "dist/types/index.d.ts",
    "dist/types/eslint-plugin/index.d.ts",
    "schema/async-lint.schema.json",
    "rules/no-blocking-call/README.md",
    "README.md",
    "CHANGELOG.md",
    "LICENSE",
    "package.json",
  ]) {
    expect(files).toContain(required);
  }
});

it("leaves out tests, fixtures, benchmarks, caches and the extension's client", () => {
  const unwanted = files.filter((file) =>
    /(^|\/)(fixtures|test|tests|bench|examples|node_modules|test-results|release)\/|\.test\.|\.e2e\.|\.vsix$|^dist\/client\.js|\.async-lint-cache/.test(file),
  );
  expect(unwanted).toEqual([]);
  // Everything is either built output, the schema, or documentation.
  expect(files.filter((file) => !/^(dist\/|schema\/|rules\/[^/]+\/README\.md$|README\.md$|CHANGELOG\.md$|LICENSE$|package\.json$)/.test(file))).toEqual([]);
});

/** The relative links of a packaged markdown file (`path` inside the package), resolved to package paths, anchors dropped. */
function relativeLinks(file: string, text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(target))
    .map((target) => path.posix.normalize(path.posix.join(path.posix.dirname(file), target.replace(/#.*/, ""))));
}

it("has every rule page's relative links resolve inside the package (they are read offline, from node_modules)", () => {
  for (const id of RULE_IDS) {
    const page = `rules/${id}/README.md`;
    for (const target of relativeLinks(page, fs.readFileSync(path.join(REPO, page), "utf8"))) expect(files, `${page} links to ${target}`).toContain(target);
  }
});

/** Every file of a zip archive, by path. */
async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", resolve);
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

describe("the .vsix", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { name: string; version: string; icon: string };
  let entries: Map<string, Buffer>;
  /** Paths inside the extension's folder (vsce stores the README and the changelog as readme.md, changelog.md). */
  let extensionFiles: string[];
  const text = (file: string) => entries.get(`extension/${file}`)!.toString("utf8");

  beforeAll(async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-vsix-test-"));
    try {
      execFileSync(process.execPath, [path.join(REPO, "scripts/package-vsix.mjs"), out], { cwd: REPO, stdio: "pipe" });
      entries = await unzip(path.join(out, `${manifest.name}-${manifest.version}.vsix`));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    extensionFiles = [...entries.keys()].filter((file) => file.startsWith("extension/")).map((file) => file.slice("extension/".length));
  }, 300_000);

  it("has the extension's README as its details page, not the repository's", () => {
    const readme = text("readme.md");
    expect(readme).toMatch(/^# async-lint for VS Code\n/);
    for (const heading of ["## Settings", "## Commands", "## Workspace configuration", "## Troubleshooting"]) expect(readme).toContain(`\n${heading}\n`);
    // The repository's quick start, benchmarks and development notes stay out, and no link names a web site.
    for (const repositoryOnly of ["## Quick start", "## Performance", "## Development", "npm ci", "npm run bench", "github.com"]) expect(readme).not.toContain(repositoryOnly);
    // No images: the details page would show them broken (it loads only http(s) ones). Every link names a packaged file.
    expect(readme).not.toMatch(/!\[|<img/);
    expect(readme).toContain("\nFinds async misuse in **TypeScript/JavaScript**");
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(links).toEqual(expect.arrayContaining(RULE_IDS.map((id) => `rules/${id}/README.md`)));
    for (const link of links) expect(extensionFiles, link).toContain(link.replace(/#.*/, ""));
  });

  it("has the changelog, the icon and every rule's docs page", () => {
    expect(text("changelog.md")).toBe(fs.readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8"));
    expect(JSON.parse(text("package.json")).icon).toBe("client/icon.png");
    const icon = entries.get(`extension/${manifest.icon}`)!;
    expect(icon.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([128, 128]);
    for (const id of RULE_IDS) expect(text(`rules/${id}/README.md`)).toBe(fs.readFileSync(path.join(REPO, "rules", id, "README.md"), "utf8"));
  });

  it("has every rule page's relative links resolve inside the extension (\"Show documentation\" opens them offline)", () => {
    for (const id of RULE_IDS) {
      const page = `rules/${id}/README.md`;
      for (const target of relativeLinks(page, text(page))) expect(extensionFiles, `${page} links to ${target}`).toContain(target);
    }
  });

  it("holds only what the extension runs and shows", () => {
    const unexpected = extensionFiles.filter(
      (file) =>
        !/^(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?|client\/icon\.png|dist\/(client|server)\.js|dist\/[\w-]+\.wasm|schema\/async-lint\.schema\.json|rules\/[\w-]+\/README\.md|node_modules\/typescript\/.*)$/.test(file),
    );
    expect(unexpected).toEqual([]);
  });

  it("has an icon drawn by scripts/icon.mjs", () => {
    expect(() => execFileSync(process.execPath, [path.join(REPO, "scripts/icon.mjs"), "--check"], { cwd: REPO, stdio: "pipe" })).not.toThrow();
  });
});
