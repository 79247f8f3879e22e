// `workspace/executeCommand`: commands any LSP client can run (VS Code's client registers them automatically).
import type { Connection, ExecuteCommandParams, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { docsPathOf, docsUrlOf, ruleById } from "../rules/core/registry";
import type { CodeActionProvider } from "./code-actions";
import type { Logger } from "./log";
import { ServerCommands } from "./protocol";

export const SERVER_COMMANDS: string[] = Object.values(ServerCommands);

export class CommandRunner {
  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly codeActions: CodeActionProvider,
    private readonly log: Logger,
    /** The client opens documents on `window/showDocument`. */
    private readonly canShowDocument: boolean,
  ) {}

  async execute(params: ExecuteCommandParams): Promise<void> {
    const [argument] = (params.arguments ?? []) as [Record<string, unknown> | undefined];
    switch (params.command) {
      case ServerCommands.fixAll:
        return this.fixAll(argument?.uri, argument?.version);
      case ServerCommands.showDocumentation:
        return this.showDocumentation(argument?.ruleId);
      default:
        this.log.warn(`Unknown command ${params.command}.`);
    }
  }

  private async fixAll(uri: unknown, version: unknown): Promise<void> {
    const document = typeof uri === "string" ? this.documents.get(uri) : undefined;
    if (!document) return;
    // A fix-all asked for an older version would apply offsets to text that has moved: the user asks again.
    if (typeof version === "number" && version !== document.version) return;
    const action = await this.codeActions.fixAll(document);
    if (!action?.edit) return;
    const result = await this.connection.workspace.applyEdit({ label: action.title, edit: action.edit });
    if (!result.applied) this.log.warn(`The editor did not apply the fixes to ${document.uri}${result.failureReason ? `: ${result.failureReason}` : "."}`);
  }

  /** Opens the rule's bundled docs page in the editor. The page comes from the rule id, never from a client's URL. */
  private async showDocumentation(ruleId: unknown): Promise<void> {
    const rule = typeof ruleId === "string" ? ruleById(ruleId) : undefined;
    if (!rule) return;
    const href = docsUrlOf(rule.meta.id);
    if (this.canShowDocument) {
      const result = await this.connection.window.showDocument({ uri: href });
      if (result.success) return;
    }
    void this.connection.window.showInformationMessage(`Documentation for ${rule.meta.id}: ${docsPathOf(rule.meta.id)}`);
  }
}
