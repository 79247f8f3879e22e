// Python call chains over the protocol: a coroutine calls a synchronous helper of another module of its package
// that blocks. The finding (and its related locations in the helper's file) must follow the helper's text: the
// unsaved buffer when it is open, the file on disk otherwise (invalidated by a watched-file event).
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { FileChangeType } from "vscode-languageserver-protocol";
import { initPython } from "../../rules/lang/python/parser";
import { expectedFindings, expectedSummary, positions } from "./expected";
import { assertServerBuilt, LspClient, makeProject, removeProjects, summarize, uriOf } from "./harness";

const APP = `from .util import load_settings


async def handler():
    settings = load_settings("app.ini")
    return settings
`;

const BLOCKING_UTIL = `def read_file(path):
    with open(path) as f:
        return f.read()


def load_settings(path):
    return read_file(path).strip()
`;

const PURE_UTIL = `def load_settings(path):
    return path.strip()
`;

const FILES = { "pkg/__init__.py": "", "pkg/app.py": APP, "pkg/util.py": BLOCKING_UTIL };

let clients: LspClient[] = [];
async function start(options: Parameters<typeof LspClient.start>[0]): Promise<LspClient> {
  const client = await LspClient.start(options);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  assertServerBuilt();
  await initPython();
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  clients = [];
  removeProjects();
});

describe.each([
  { mode: "push", pull: false },
  { mode: "pull", pull: true },
])("Python call chains across files ($mode)", ({ pull }) => {
  it("reports a helper of another module that blocks, with each hop in that module as related information", async () => {
    const dir = makeProject(FILES);
    const app = path.join(dir, "pkg/app.py");
    const util = path.join(dir, "pkg/util.py");
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(app);
    const diagnostics = await client.diagnostics(uri);
    expect(positions(summarize(diagnostics))).toEqual(["5:16 1 no-blocking-call"]);
    const lintSet = Object.keys(FILES).map((name) => path.join(dir, name));
    expect(summarize(diagnostics)).toEqual(expectedSummary(app, APP, { lintSet }));
    const [finding] = expectedFindings(app, APP, { lintSet });
    expect(finding.message).toBe(
      "`load_settings()` blocks the event loop inside async function 'handler': it calls `open` (util.py:2) via read_file(). Give the helper an async version and await it.",
    );
    expect(diagnostics[0].relatedInformation).toEqual([
      { location: { uri: uriOf(util), range: { start: { line: 6, character: 11 }, end: { line: 6, character: 20 } } }, message: "load_settings() calls read_file()" },
      {
        location: { uri: uriOf(util), range: { start: { line: 1, character: 9 }, end: { line: 1, character: 13 } } },
        message: "read_file() blocks here: `open` does file I/O on the event loop's thread",
      },
    ]);
  });

  it("follows the helper's unsaved buffer: editing it updates the async file's diagnostics", async () => {
    const dir = makeProject(FILES);
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(path.join(dir, "pkg/app.py"));
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["5:16 1 no-blocking-call"]);

    const util = await client.open(path.join(dir, "pkg/util.py"));
    await client.diagnostics(util);
    await client.change(util, PURE_UTIL);
    await client.diagnostics(util);
    // Push: the server re-checks other open documents by itself; pull: the client asks again.
    if (!pull) await client.until(() => client.published.some((p) => p.uri === uri && summarize(p.diagnostics).length === 0), "app re-checked");
    expect(await client.diagnostics(uri)).toEqual([]);

    // Blocking again, in the buffer only (the file on disk never changed in between).
    await client.change(util, BLOCKING_UTIL.replace("with open(path) as f:\n        return f.read()", "import time\n    time.sleep(1)\n    return path"));
    await client.diagnostics(util);
    if (!pull) await client.until(() => client.published.some((p) => p.uri === uri && summarize(p.diagnostics).length === 1 && summarize(p.diagnostics)[0].includes("time.sleep")), "app re-checked again");
    const again = await client.diagnostics(uri);
    expect(positions(summarize(again))).toEqual(["5:16 1 no-blocking-call"]);
    expect(summarize(again)[0]).toContain("it calls `time.sleep` (util.py:3) via read_file()");
  });

  it("follows the helper's file on disk: a watched-file change drops its old parse", async () => {
    const dir = makeProject(FILES);
    const util = path.join(dir, "pkg/util.py");
    const client = await start({ pull, workspaceFolders: [dir] });
    const uri = await client.open(path.join(dir, "pkg/app.py"));
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["5:16 1 no-blocking-call"]);

    const published = client.published.length;
    const refreshes = client.refreshCount;
    fs.writeFileSync(util, PURE_UTIL);
    await client.filesChanged([{ uri: uriOf(util), type: FileChangeType.Changed }]);
    if (pull) await client.until(() => client.refreshCount > refreshes, "diagnostic refresh");
    else await client.until(() => client.published.slice(published).some((p) => p.uri === uri), "re-published diagnostics");
    expect(await client.diagnostics(uri)).toEqual([]);
  });
});
