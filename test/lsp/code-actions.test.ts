// Code actions over the protocol: quick fixes and the edits they apply, "Disable for this line", documentation,
// fix-all as a source action (codeActionsOnSave) and as a command (workspace/applyEdit).
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { RULE_IDS } from "../../rules/core/registry";
import { ServerCommands } from "../../server/protocol";
import { positions } from "./expected";
import { assertServerBuilt, LspClient, makeProject, removeProjects, SERVER, summarize } from "./harness";

/** Only no-blocking-call runs, so the expected texts do not change when other rules land. */
const ONLY_NO_BLOCKING_CALL = { rules: Object.fromEntries(RULE_IDS.filter((id) => id !== "no-blocking-call").map((id) => [id, "off"])) };

const REPORT = `import fs from "node:fs";
import { execSync } from "node:child_process";

export async function report(dir: string): Promise<string> {
  const names = fs.readdirSync(dir);
  const info = fs.statSync(dir);
  const head = execSync("git rev-parse HEAD").toString();
  return \`\${names.length} \${info.size} \${head}\`;
}
`;

const REPORT_FIXED = `import fs from "node:fs";
import { execSync } from "node:child_process";

export async function report(dir: string): Promise<string> {
  const names = await fs.promises.readdir(dir);
  const info = await fs.promises.stat(dir);
  const head = execSync("git rev-parse HEAD").toString();
  return \`\${names.length} \${info.size} \${head}\`;
}
`;

let clients: LspClient[] = [];
beforeAll(() => assertServerBuilt());
afterEach(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  clients = [];
  removeProjects();
});

async function openReport(pull: boolean, text = REPORT, name = "src/report.ts"): Promise<{ client: LspClient; uri: string; diagnostics: Diagnostic[] }> {
  const dir = makeProject({ [name]: text });
  const client = await LspClient.start({ pull, workspaceFolders: [dir], settings: ONLY_NO_BLOCKING_CALL });
  clients.push(client);
  const uri = await client.open(path.join(dir, name));
  return { client, uri, diagnostics: await client.diagnostics(uri) };
}

function titles(actions: CodeAction[]): string[] {
  return actions.map((a) => `${a.kind}${a.isPreferred ? " (preferred)" : ""}: ${a.title}`);
}

describe.each([
  { mode: "push", pull: false },
  { mode: "pull", pull: true },
])("code actions ($mode)", ({ pull }) => {
  it("offers the fix (preferred), disabling for the line and the docs; the fix applies and the diagnostic clears", async () => {
    const { client, uri, diagnostics } = await openReport(pull);
    expect(positions(summarize(diagnostics))).toEqual(["5:17 1 no-blocking-call", "6:16 1 no-blocking-call", "7:16 1 no-blocking-call"]);

    const actions = await client.codeActions(uri, diagnostics[0].range, [diagnostics[0]]);
    expect(titles(actions)).toEqual([
      "quickfix (preferred): Use await fs.promises.readdir()",
      "quickfix: Disable no-blocking-call for this line",
      "quickfix: Show documentation for no-blocking-call",
    ]);
    await client.applyEdit(actions[0].edit!);
    expect(client.document(uri).getText()).toBe(REPORT.replace("fs.readdirSync(dir)", "await fs.promises.readdir(dir)"));
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["6:16 1 no-blocking-call", "7:16 1 no-blocking-call"]);
  });

  it("offers a behaviour-changing rewrite as a suggestion that is not preferred", async () => {
    const { client, uri, diagnostics } = await openReport(pull);
    const exec = diagnostics[2];
    const actions = await client.codeActions(uri, exec.range, [exec]);
    expect(titles(actions)).toEqual([
      "quickfix: Use await promisify(exec)()",
      "quickfix: Disable no-blocking-call for this line",
      "quickfix: Show documentation for no-blocking-call",
    ]);
  });

  it("titles quote code in plain text (menus render no markdown)", async () => {
    const dir = makeProject({ "src/get.ts": "export async function get(url: string) {\n  return fetch(url);\n}\n" });
    const client = await LspClient.start({ pull, workspaceFolders: [dir], settings: { rules: Object.fromEntries(RULE_IDS.map((id) => [id, id === "require-timeout" ? "warning" : "off"])) } });
    clients.push(client);
    const uri = await client.open(path.join(dir, "src/get.ts"));
    const [timeout] = await client.diagnostics(uri);
    const [fix] = await client.codeActions(uri, timeout.range, [timeout]);
    expect(fix.title).toBe("Add 'signal: AbortSignal.timeout(10000)'");
  });

  it("disables the rule for the line with a comment in the file's style, then the diagnostic is gone", async () => {
    const { client, uri, diagnostics } = await openReport(pull);
    const [disable] = (await client.codeActions(uri, diagnostics[1].range, [diagnostics[1]])).filter((a) => a.title.startsWith("Disable"));
    await client.applyEdit(disable.edit!);
    expect(client.document(uri).getText()).toBe(
      REPORT.replace("  const info = fs.statSync(dir);", "  // async-lint-disable-next-line no-blocking-call\n  const info = fs.statSync(dir);"),
    );
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["5:17 1 no-blocking-call", "8:16 1 no-blocking-call"]);
  });

  it("writes the directive as a JSX comment between JSX children", async () => {
    const page = `import fs from "node:fs";

export async function Page() {
  return (
    <main>
      {fs.readFileSync("body.html", "utf8")}
    </main>
  );
}
`;
    const { client, uri, diagnostics } = await openReport(pull, page, "src/page.tsx");
    expect(positions(summarize(diagnostics))).toEqual(["6:8 1 no-blocking-call"]);
    const [disable] = (await client.codeActions(uri, diagnostics[0].range, diagnostics)).filter((a) => a.title.startsWith("Disable"));
    await client.applyEdit(disable.edit!);
    expect(client.document(uri).getText()).toBe(page.replace("      {fs.readFileSync", '      {/* async-lint-disable-next-line no-blocking-call */}\n      {fs.readFileSync'));
    expect(await client.diagnostics(uri)).toEqual([]);
  });

  it("shows the rule's documentation through the client", async () => {
    const { client, uri, diagnostics } = await openReport(pull);
    const docs = (await client.codeActions(uri, diagnostics[0].range, [diagnostics[0]])).find((a) => a.title.startsWith("Show documentation"))!;
    expect(docs.command!.command).toBe(ServerCommands.showDocumentation);
    const page = pathToFileURL(path.resolve(SERVER, "../../rules/no-blocking-call/README.md")).href;
    expect(docs.command!.arguments).toEqual([{ ruleId: "no-blocking-call", href: page }]);
    await client.executeCommand(docs.command!.command, docs.command!.arguments!);
    // The bundled page, opened in the editor (not a browser); it exists.
    expect(client.shownDocuments).toEqual([{ uri: page }]);
    expect(fs.existsSync(fileURLToPath(page))).toBe(true);
    // The page is the one of the rule named, whatever URL a client sends back.
    await client.executeCommand(docs.command!.command, [{ ruleId: "no-blocking-call", href: "https://example.com/" }]);
    await client.executeCommand(docs.command!.command, [{ ruleId: "no-such-rule", href: page }]);
    expect(client.shownDocuments).toEqual([{ uri: page }, { uri: page }]);
  });

  it("applies every safe fix, and only safe fixes, as the source.fixAll action and the fix-all command", async () => {
    const { client, uri, diagnostics } = await openReport(pull);
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    for (const only of [["source.fixAll"], ["source.fixAll.async-lint"], ["source"]]) {
      const actions = await client.codeActions(uri, everywhere, [], only);
      expect(titles(actions)).toEqual(["source.fixAll.async-lint: Fix all safe async-lint problems"]);
    }
    // Quick-fix requests (the light bulb) do not compute fix-all.
    expect(titles(await client.codeActions(uri, diagnostics[0].range, [], ["quickfix"]))).toEqual([]);

    const [fixAll] = await client.codeActions(uri, everywhere, [], ["source.fixAll"]);
    await client.applyEdit(fixAll.edit!);
    expect(client.document(uri).getText()).toBe(REPORT_FIXED);
    expect(positions(summarize(await client.diagnostics(uri)))).toEqual(["7:16 1 no-blocking-call"]);
    // Nothing safe is left: no action.
    expect(await client.codeActions(uri, everywhere, [], ["source.fixAll"])).toEqual([]);
  });

  it("returns fix-all as one small edit per changed region, not a whole-document replacement", async () => {
    const text = `import { readFileSync } from "node:fs";

export async function load(path: string): Promise<string> {
  return readFileSync(path, "utf8");
}
`;
    const { client, uri } = await openReport(pull, text, "src/load.ts");
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const [fixAll] = await client.codeActions(uri, everywhere, [], ["source.fixAll"]);
    const edits = (fixAll.edit!.documentChanges![0] as { edits: { range: unknown; newText: string }[] }).edits;
    expect(edits).toEqual([
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'import { readFile } from "node:fs/promises";\n' },
      { range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, newText: '  return await readFile(path, "utf8");\n' },
    ]);
    await client.applyEdit(fixAll.edit!);
    expect(client.document(uri).getText()).toBe(text.replace('"node:fs";\n', '"node:fs";\nimport { readFile } from "node:fs/promises";\n').replace("return readFileSync(", "return await readFile("));
  });

  it("fix-all as a command sends the edit with workspace/applyEdit", async () => {
    const { client, uri } = await openReport(pull);
    await client.executeCommand(ServerCommands.fixAll, [{ uri, version: 1 }]);
    expect(client.applied).toHaveLength(1);
    expect(client.applied[0].label).toBe("Fix all safe async-lint problems");
    expect(client.document(uri).getText()).toBe(REPORT_FIXED);
    // A request for a version that is no longer current changes nothing.
    await client.executeCommand(ServerCommands.fixAll, [{ uri, version: 1 }]);
    expect(client.applied).toHaveLength(1);
  });

  it("after an edit, a code action for a diagnostic of the previous version uses the current text", async () => {
    const { client, uri, diagnostics } = await openReport(pull);
    // A comment appended at the end: the diagnostics of version 1 still point at the right places.
    await client.change(uri, [{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, newText: "// end\n" }]);
    const actions = await client.codeActions(uri, diagnostics[1].range, [diagnostics[1]]);
    expect(titles(actions)[0]).toBe("quickfix (preferred): Use await fs.promises.stat()");
    const edit = actions[0].edit!;
    expect(edit.documentChanges![0]).toMatchObject({ textDocument: { uri, version: 2 } });
    await client.applyEdit(edit);
    expect(client.document(uri).getText()).toBe(REPORT.replace("fs.statSync(dir)", "await fs.promises.stat(dir)") + "// end\n");
  });
});
