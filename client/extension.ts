// The VS Code extension: starts the bundled language server over IPC, adds a status bar item and three commands,
// and shows a rule's bundled docs as a markdown preview. Everything else (diagnostics, code actions, settings) is
// the server's, over plain LSP.
import * as vscode from "vscode";
import { type LanguageClientOptions, LanguageClient, type ServerOptions, State, TransportKind } from "vscode-languageclient/node";
import { ServerCommands, SETTINGS_SECTION, STATUS_NOTIFICATION, type StatusParams } from "../server/protocol";

const LANGUAGES = ["typescript", "typescriptreact", "javascript", "javascriptreact", "python"];
const SCHEMES = ["file", "untitled", "vscode-vfs"];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("async-lint", { log: true });
  const status = vscode.window.createStatusBarItem("asyncLint.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "async-lint";
  status.command = "async-lint.showOutput";
  context.subscriptions.push(output, status);

  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Files, untitled documents and virtual workspaces (the last two in syntax mode, from the editor's text);
    // not the read-only copies in diff views (git:) and the like.
    documentSelector: LANGUAGES.flatMap((language) => SCHEMES.map((scheme) => ({ scheme, language }))),
    outputChannel: output,
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware: {
      // "Show documentation": the server would open the rule's bundled README as text; VS Code renders it.
      executeCommand: async (command, args, next) => {
        const href = command === ServerCommands.showDocumentation ? (args[0] as { href?: unknown } | undefined)?.href : undefined;
        if (typeof href === "string" && href.startsWith("file:")) {
          try {
            return await vscode.commands.executeCommand("markdown.showPreview", vscode.Uri.parse(href));
          } catch {
            // The built-in markdown extension is disabled: the server opens the file.
          }
        }
        return next(command, args);
      },
    },
  };
  client = new LanguageClient(SETTINGS_SECTION, "async-lint", serverOptions, clientOptions);

  let serverStatus: StatusParams = { state: "ok" };
  const render = () => {
    const running = client?.state === State.Running;
    const failed = !running || serverStatus.state === "error";
    const loading = running ? (serverStatus.loading ?? []) : [];
    const busy = client?.state === State.Starting || loading.length > 0;
    status.text = `${failed ? "$(error)" : busy ? "$(sync~spin)" : "$(check)"} async-lint${!failed && loading.length > 0 ? ": loading types…" : ""}`;
    const loadingLines = loading.map(
      (project) => `Loading the TypeScript project ${project.name} (${project.files.toLocaleString("en-US")} files): syntax-only findings until it is loaded.`,
    );
    const stateLine = !running ? "async-lint: the server is not running (click for its output)" : (serverStatus.message ?? (loadingLines.length > 0 ? undefined : "async-lint is running (click for its output)"));
    status.tooltip = [stateLine, ...loadingLines].filter((line) => line !== undefined).join("\n\n");
    status.backgroundColor = failed ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    status.show();
  };
  context.subscriptions.push(
    client.onDidChangeState(() => render()),
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      serverStatus = params;
      render();
    }),
    vscode.commands.registerCommand("async-lint.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("async-lint.restart", async () => {
      serverStatus = { state: "ok" };
      await client?.restart();
    }),
    vscode.commands.registerCommand("async-lint.fixAll", async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) return;
      const document = editor.document;
      await client.sendRequest("workspace/executeCommand", {
        command: ServerCommands.fixAll,
        arguments: [{ uri: client.code2ProtocolConverter.asUri(document.uri), version: document.version }],
      });
    }),
  );
  render();
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
