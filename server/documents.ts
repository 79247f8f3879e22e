// What a document is to the linter: which language, which path lintSource sees, whether it lives on disk.
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { languageOf } from "../rules/core/engine";
import type { Language } from "../rules/core/model";

const EXTENSION_OF_LANGUAGE_ID: Record<string, string> = {
  typescript: ".ts",
  typescriptreact: ".tsx",
  javascript: ".js",
  javascriptreact: ".jsx",
  python: ".py",
};

export interface DocumentTarget {
  uri: string;
  language: Language;
  /** The path lintSource sees. For untitled and virtual documents a made-up one with the language's extension. */
  lintPath: string;
  /** The real file (file: URIs only): configs are looked up from it and a tsconfig project can contain it. */
  filePath?: string;
}

export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function uriOf(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** `undefined`: not a document async-lint checks (the client sent a language it does not handle). */
export function targetOf(document: Pick<TextDocument, "uri" | "languageId">): DocumentTarget | undefined {
  const filePath = filePathOf(document.uri);
  if (filePath) {
    const language = languageOf(filePath);
    if (language) return { uri: document.uri, language, lintPath: filePath, filePath };
  }
  // Untitled buffers, virtual file systems, or a file whose name has no known extension but a known language mode.
  const extension = EXTENSION_OF_LANGUAGE_ID[document.languageId];
  if (!extension) return undefined;
  const name = lastSegment(document.uri) || "untitled";
  const lintPath = filePath ? filePath + extension : path.join(path.sep, "untitled", sanitize(name) + extension);
  const language = languageOf(lintPath);
  return language ? { uri: document.uri, language, lintPath } : undefined;
}

function lastSegment(uri: string): string {
  const withoutQuery = uri.replace(/[?#].*$/, "");
  return decodeURIComponent(withoutQuery.slice(withoutQuery.lastIndexOf("/") + 1).replace(/^[a-z-]+:/i, ""));
}

function sanitize(name: string): string {
  return name.replace(/[^\w.-]/g, "_");
}
