// What the server and the VS Code client agree on, defined once: settings, command ids, custom messages.
// The client bundles this file too, so it imports nothing.

/** The `asyncLint.*` settings section, as the editor stores it. */
export const SETTINGS_SECTION = "asyncLint";

export type RunMode = "onType" | "onSave";
export type TypedMode = "auto" | "on" | "off";
/** The compiler behind typed mode: TypeScript 6 (bundled) or TypeScript 7's native compiler (opt-in prototype). */
export type TypedEngine = "ts6" | "ts7";

/** Commands the server executes (`workspace/executeCommand`); any LSP client can offer them. */
export const ServerCommands = {
  /** Arguments: `{ uri: string; version?: number }`. Applies every safe fix through `workspace/applyEdit`. */
  fixAll: "async-lint.server.fixAll",
  /**
   * Arguments: `{ ruleId: string; href: string }`. Opens the rule's bundled docs page, `href` (a file:// URL), with
   * `window/showDocument`; the VS Code client shows it as a markdown preview instead.
   */
  showDocumentation: "async-lint.server.showDocumentation",
} as const;

/** The code action kind of "fix all safe problems", for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = "source.fixAll.async-lint";

export type ServerState = "ok" | "warning" | "error";

export interface StatusParams {
  state: ServerState;
  /** Why the state is not "ok": shown in the status bar item's tooltip. */
  message?: string;
  /** TypeScript projects being loaded now (their files get typed findings once loaded); absent when none. */
  loading?: LoadingProject[];
}

export interface LoadingProject {
  /** Its tsconfig.json's path, or the folder of an inferred project. */
  name: string;
  /** How many root files it has. */
  files: number;
}

/** The server's health, for the client's status bar item (notification, params: StatusParams). */
export const STATUS_NOTIFICATION = "asyncLint/status";

/** Options an editor may pass in `initializationOptions` (all optional). */
export interface InitializationOptions {
  /** Milliseconds to wait after the last edit before linting (default 150). */
  diagnosticsDelay?: number;
  /** Documents longer than this many characters are linted without type information (default 1,000,000). */
  largeFileThreshold?: number;
}
