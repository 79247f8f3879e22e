// A user's first steps, end to end: a fresh project outside the repository installs the release tarball
// (`npm run release`, run by `npm run test:e2e` before this) from the npm registry like any package, then runs the
// CLI, ESLint with each of the README's own flat-config snippets (copied from README.md here, so they cannot
// drift), and `tsc --noEmit` on a TypeScript file that uses the library API and the plugin's types.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const TARBALL = path.join(REPO, "release", `${manifest.name}-${manifest.version}.tgz`);

let project: string;
let installLog: string;

function run(command: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd: project, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", npm_config_user_agent: "" } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The README's `eslint.config.mjs` snippets, in order: the untyped one first, then the typed one. */
function readmeEslintConfigs(): string[] {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  return [...readme.matchAll(/```js\n(\/\/ eslint\.config\.mjs\n[\s\S]*?)```/g)].map((match) => match[1]);
}

const SERVICE_TS = `import * as fs from "node:fs";

export async function loadTemplate(name: string): Promise<string> {
  return fs.readFileSync(\`templates/\${name}.html\`, "utf8");
}
`;

const WORKER_MJS = `import { execSync } from "node:child_process";

export async function revision() {
  return execSync("git rev-parse HEAD").toString().trim();
}
`;

const APP_PY = `import asyncio
import time


async def poll():
    time.sleep(1)
    await asyncio.sleep(0)
`;

const USES_API_TS = `import { lintSource, resolveRuleSettings, RULE_IDS, type Finding } from "async-lint";
import asyncLint from "async-lint/eslint-plugin";

const result = lintSource({ filePath: "/abs/file.ts", text: "export {};", rules: resolveRuleSettings(undefined) });
const findings: Finding[] = result.findings;
const firstRule: string = RULE_IDS[0];
const recommendedRules = asyncLint.configs.recommended[0].rules;
console.log(findings.length, firstRule, recommendedRules);
`;

beforeAll(() => {
  if (!fs.existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: run \`npm run release\` first.`);
  project = fs.mkdtempSync(path.join(os.tmpdir(), "async-lint-install-"));
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }, null, 2));
  fs.mkdirSync(path.join(project, "src"));
  fs.writeFileSync(path.join(project, "src/service.ts"), SERVICE_TS);
  fs.writeFileSync(path.join(project, "src/worker.mjs"), WORKER_MJS);
  fs.writeFileSync(path.join(project, "src/app.py"), APP_PY);
  fs.writeFileSync(
    path.join(project, "tsconfig.json"),
    // As `tsc --init` writes it, skipLibCheck on: web-tree-sitter's own declarations need @types/emscripten otherwise.
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, types: ["node"] }, include: ["src/**/*.ts"] }, null, 2),
  );
  // What the README tells a user to install, plus tsc and Node's types for the type check.
  const install = run("npm", ["install", "--no-audit", "--no-fund", "--save-dev", TARBALL, "eslint@^10", "@typescript-eslint/parser@^8", `typescript@${manifest.dependencies.typescript}`, "@types/node@^20"]);
  installLog = install.stdout + install.stderr;
  if (install.code !== 0) throw new Error(`npm install failed:\n${installLog}`);
}, 600_000);

describe("installed from the release tarball", () => {
  it("installs without building anything natively", () => {
    // Only the three run-time dependencies come with it; none has an install script to run.
    expect(installLog).not.toMatch(/install script|node-gyp|tree-sitter-python/i);
    expect(fs.existsSync(path.join(project, "node_modules/tree-sitter-python"))).toBe(false);
    expect(fs.existsSync(path.join(project, "node_modules/async-lint/dist/types/index.d.ts"))).toBe(true);
  });

  it("runs the CLI on TypeScript, JavaScript and Python and exits 1 on errors", () => {
    const result = run("npx", ["async-lint", "src", "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    const found = report.flatMap((file) => file.messages.map((m) => `${path.basename(file.filePath)}:${m.line} ${m.ruleId}`)).sort();
    expect(found).toEqual(["app.py:6 no-blocking-call", "service.ts:4 no-blocking-call", "worker.mjs:4 no-blocking-call"]);
  });

  it.each([
    ["recommended (untyped)", 0],
    ["recommended-typed", 1],
  ])("ESLint with the README's %s snippet reports the same blocking calls, with no parsing error", (_name, index) => {
    const configs = readmeEslintConfigs();
    expect(configs).toHaveLength(2);
    fs.writeFileSync(path.join(project, "eslint.config.mjs"), configs[index]);
    const result = run("npx", ["eslint", "--format", "json", "."]);
    const report = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[];
    const found = report.flatMap((file) => file.messages.map((m) => `${path.relative(project, file.filePath)}:${m.line} ${m.ruleId ?? m.message}`)).sort();
    expect(found).toEqual(["src/service.ts:4 async-lint/no-blocking-call", "src/worker.mjs:4 async-lint/no-blocking-call"]);
    expect(result.code).toBe(1);
  });

  it("type-checks a TypeScript user of the library API and the plugin under tsc --noEmit", () => {
    fs.writeFileSync(path.join(project, "src/uses-api.ts"), USES_API_TS);
    const result = run("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

it("starts the language server from its bin, as other editors do (`async-lint-server --stdio`)", async () => {
  const server = spawn(path.join(project, "node_modules/.bin/async-lint-server"), ["--stdio"], { cwd: project });
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  // Messages arrive framed by Content-Length; the server may send notifications (logs) before or
  // after its answer, so read frame by frame until the response to request 1.
  let pending = Buffer.alloc(0);
  const seen: string[] = [];
  const reply = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no initialize result; got: ${seen.join("\n")}`)), 30_000);
    server.stdout.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headerEnd = pending.indexOf("\r\n\r\n");
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(pending.subarray(0, headerEnd).toString("ascii"))?.[1]);
        if (pending.length < headerEnd + 4 + length) return;
        const message = pending.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
        pending = pending.subarray(headerEnd + 4 + length);
        seen.push(message);
        if ((JSON.parse(message) as { id?: number }).id === 1) {
          clearTimeout(timer);
          resolve(message);
          return;
        }
      }
    });
  });
  server.kill();
  const result = JSON.parse(reply) as { id: number; result: { serverInfo: { name: string; version: string }; capabilities: { codeActionProvider: unknown } } };
  expect(result.id).toBe(1);
  expect(result.result.serverInfo).toEqual({ name: "async-lint", version: manifest.version });
  expect(result.result.capabilities.codeActionProvider).toBeTruthy();
});

// The CLI's own version is what package.json says (the tarball is not a stale build).
it("the installed CLI prints the released version", () => {
  expect(execFileSync("npx", ["async-lint", "--version"], { cwd: project, encoding: "utf8" }).trim()).toBe(manifest.version);
});
