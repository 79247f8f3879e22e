// Code actions: each diagnostic's fixes (built now, from its finding), "Disable <rule> for this line",
// "Show documentation for <rule>", and the source action that applies every safe fix (for codeActionsOnSave).
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { plainTitle } from "../rules/core/display";
import type { Finding } from "../rules/core/model";
import { docsUrlOf, ruleById } from "../rules/core/registry";
import { type DiagnosticData, type FixData, isDiagnosticData, SOURCE, toFixData } from "./convert";
import { targetOf } from "./documents";
import { fixAllEdits } from "./fix-all";
import type { DocumentLinter } from "./linting";
import { FIX_ALL_KIND, ServerCommands } from "./protocol";
import type { SettingsStore } from "./settings";
import { disableForLineEdit } from "./suppress";

export const FIX_ALL_TITLE = "Fix all safe async-lint problems";

export class CodeActionProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly linter: DocumentLinter,
    private readonly settings: SettingsStore,
    /** The client applies versioned edits (`documentChanges`), so an edit for an old version is refused. */
    private readonly versionedEdits: boolean,
  ) {}

  async provide(params: CodeActionParams): Promise<CodeAction[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document || !targetOf(document)) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (requested(only, CodeActionKind.QuickFix)) actions.push(...(await this.quickFixes(document, params)));
    // Source actions are computed only when asked for by kind: fix-all lints the whole file.
    if (only && requested(only, FIX_ALL_KIND)) {
      const fixAll = await this.fixAll(document);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  async fixAll(document: TextDocument): Promise<CodeAction | undefined> {
    const edits = await fixAllEdits(document, this.linter, await this.settings.get(document.uri));
    if (edits.length === 0) return undefined;
    return { title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit: this.workspaceEdit(document, edits) };
  }

  workspaceEdit(document: TextDocument, edits: TextEdit[]): WorkspaceEdit {
    return this.versionedEdits
      ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] }
      : { changes: { [document.uri]: edits } };
  }

  private async quickFixes(document: TextDocument, params: CodeActionParams): Promise<CodeAction[]> {
    const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && isDiagnosticData(d.data));
    if (ours.length === 0) return [];
    const fixes: CodeAction[] = [];
    const disables = new Map<string, CodeAction>();
    const docs = new Map<string, CodeAction>();
    const reported = this.linter.lastFindings(document);
    let current: Map<Diagnostic, Finding> | undefined;
    const findingOf = new Map<Diagnostic, Finding>();
    for (const diagnostic of ours) {
      const data = diagnostic.data as DiagnosticData;
      // A diagnostic of the current version is one of the last lint's findings; after an edit (or when that lint
      // is gone), the document is linted again and the diagnostic matched to a finding by rule and start.
      let finding = data.version === document.version && reported ? reportedFinding(reported, diagnostic, document) : undefined;
      if (!finding) {
        current ??= await this.currentFindings(document, ours);
        finding = current.get(diagnostic);
      }
      if (finding) findingOf.set(diagnostic, finding);
    }
    const findings = [...new Set(findingOf.values())];
    const builtFixes = await this.linter.fixesOf(document, findings);
    for (const diagnostic of ours) {
      const finding = findingOf.get(diagnostic);
      const fixData = finding ? (builtFixes[findings.indexOf(finding)] ?? []).map((fix) => toFixData(fix, document)) : [];
      const preferred = preferredFix(fixData);
      for (const fix of fixData) {
        fixes.push({
          title: plainTitle(fix.title),
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          ...(fix === preferred ? { isPreferred: true } : {}),
          edit: this.workspaceEdit(document, fix.edits),
        });
      }
      const rule = typeof diagnostic.code === "string" ? ruleById(diagnostic.code) : undefined;
      if (!rule) continue;
      const ruleId = rule.meta.id;
      const line = diagnostic.range.start.line;
      const disableKey = `${ruleId}:${line}`;
      if (!disables.has(disableKey)) {
        const target = targetOf(document)!;
        const edit = disableForLineEdit(document, target.lintPath, target.language, line, ruleId);
        if (edit) {
          disables.set(disableKey, {
            title: `Disable ${ruleId} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: this.workspaceEdit(document, [edit]),
          });
        }
      }
      const href = docsUrlOf(ruleId);
      if (!docs.has(ruleId)) {
        docs.set(ruleId, {
          title: `Show documentation for ${ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: `Show documentation for ${ruleId}`, command: ServerCommands.showDocumentation, arguments: [{ ruleId, href }] },
        });
      }
    }
    return [...fixes, ...disables.values(), ...docs.values()];
  }

  /** Findings of a lint of the current text, matched to stale diagnostics by rule and start line. */
  private async currentFindings(document: TextDocument, diagnostics: Diagnostic[]): Promise<Map<Diagnostic, Finding>> {
    const attempt = await this.linter.lint(document, await this.settings.get(document.uri), { loadProject: false });
    const matched = new Map<Diagnostic, Finding>();
    if (attempt.kind !== "linted") return matched;
    for (const diagnostic of diagnostics) {
      const finding = attempt.outcome.findings.find(
        (f) => f.ruleId === diagnostic.code && f.location.line - 1 === diagnostic.range.start.line && f.location.column - 1 === diagnostic.range.start.character,
      );
      if (finding) matched.set(diagnostic, finding);
    }
    return matched;
  }
}

/** The finding a diagnostic of the document's current version was made from: same rule, range and message. */
function reportedFinding(findings: readonly Finding[], diagnostic: Diagnostic, document: TextDocument): Finding | undefined {
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  return findings.find((f) => (f.ruleId ?? undefined) === diagnostic.code && f.range.start === start && f.range.end === end && f.message === diagnostic.message);
}

/** The fix the rule marked preferred; otherwise the first safe one. Suggestions are never preferred by default. */
function preferredFix(fixes: readonly FixData[]): FixData | undefined {
  return fixes.find((fix) => fix.isPreferred) ?? fixes.find((fix) => fix.safety === "safe");
}

/** Whether a code action of `kind` is among the kinds the client asked for (a kind includes its sub-kinds). */
function requested(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return true;
  return only.some((asked) => kind === asked || kind.startsWith(asked + "."));
}
