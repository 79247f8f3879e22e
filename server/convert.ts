// Findings to LSP diagnostics, and fixes to LSP edits. A diagnostic's `data` says which document version and rule
// it was reported for; its fixes are built only when code actions ask, from that version's finding.
import { type Diagnostic, DiagnosticSeverity, DiagnosticTag, type TextEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { ActiveSeverity, Finding, Fix, FixSafety } from "../rules/core/model";
import { uriOf } from "./documents";

export const SOURCE = "async-lint";

export interface FixData {
  title: string;
  safety: FixSafety;
  isPreferred?: boolean;
  edits: TextEdit[];
}

export interface DiagnosticData {
  /** The document version the diagnostic was reported for. */
  version: number;
  ruleId: string | null;
}

const SEVERITY: Record<ActiveSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface ClientDiagnosticSupport {
  relatedInformation: boolean;
  codeDescription: boolean;
}

export function toDiagnostics(findings: readonly Finding[], uri: string, version: number, text: string, support: ClientDiagnosticSupport): Diagnostic[] {
  const document = TextDocument.create(uri, "", version, text);
  return findings.map((finding) => toDiagnostic(finding, document, support));
}

function toDiagnostic(finding: Finding, document: TextDocument, support: ClientDiagnosticSupport): Diagnostic {
  const data: DiagnosticData = { version: document.version, ruleId: finding.ruleId };
  const diagnostic: Diagnostic = {
    range: { start: document.positionAt(finding.range.start), end: document.positionAt(finding.range.end) },
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    message: finding.message,
    data,
  };
  if (finding.ruleId) diagnostic.code = finding.ruleId;
  if (finding.docsUrl && support.codeDescription) diagnostic.codeDescription = { href: finding.docsUrl };
  if (finding.messageId === "unusedDirective") diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (finding.related.length > 0 && support.relatedInformation) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: {
        uri: related.filePath ? uriOf(related.filePath) : document.uri,
        range: {
          start: { line: related.location.line - 1, character: related.location.column - 1 },
          end: { line: related.location.endLine - 1, character: related.location.endColumn - 1 },
        },
      },
      message: related.message,
    }));
  }
  return diagnostic;
}

export function toFixData(fix: Fix, document: TextDocument): FixData {
  return {
    title: fix.title,
    safety: fix.safety,
    ...(fix.isPreferred ? { isPreferred: true } : {}),
    edits: fix.edits.map((edit) => ({ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.text })),
  };
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (!value || typeof value !== "object") return false;
  const data = value as Partial<DiagnosticData>;
  return typeof data.version === "number" && (typeof data.ruleId === "string" || data.ruleId === null);
}
