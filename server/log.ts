// The server's output channel: `window/logMessage`, with "once" for problems that would otherwise repeat on every keystroke.
import type { RemoteConsole } from "vscode-languageserver";

export class Logger {
  private readonly said = new Set<string>();

  constructor(private readonly console: RemoteConsole) {}

  info(message: string): void {
    this.console.info(message);
  }

  warn(message: string): void {
    this.console.warn(message);
  }

  error(message: string): void {
    this.console.error(message);
  }

  /** Logs a message the first time its key is seen (until `forget(prefix)` clears keys starting with prefix). */
  once(key: string, message: string, level: "info" | "warn" | "error" = "warn"): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    this[level](message);
  }

  forget(prefix: string): void {
    for (const key of this.said) if (key.startsWith(prefix)) this.said.delete(key);
  }
}
