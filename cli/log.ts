// Everything the CLI says on stderr goes through here: one line per message, prefixed `async-lint:`.
import * as path from "node:path";

export interface Log {
  /** A problem that does not change the exit code. */
  warn(message: string): void;
  /** A plain statement, e.g. why the exit code is 1. */
  note(message: string): void;
  /** A problem that makes the exit code 2; the run goes on. */
  error(message: string, stack?: string): void;
  /** Timings and details, only with --debug. */
  debug(message: string): void;
  readonly errorCount: number;
  readonly debugEnabled: boolean;
}

export function createLog(write: (text: string) => void, debugEnabled: boolean, beforeWrite: () => void = () => {}): Log {
  let errorCount = 0;
  const line = (text: string) => {
    beforeWrite();
    write(`async-lint: ${text}\n`);
  };
  return {
    warn: (message) => line(`warning: ${message}`),
    note: (message) => line(message),
    error: (message, stack) => {
      errorCount++;
      line(message);
      if (debugEnabled && stack) write(`${stack}\n`);
    },
    debug: (message) => {
      if (debugEnabled) line(`debug: ${message}`);
    },
    get errorCount() {
      return errorCount;
    },
    debugEnabled,
  };
}

/** A path as the user should read it: relative to the working folder when inside it, else absolute. */
export function displayPath(filePath: string, cwd: string): string {
  const relative = path.relative(cwd, filePath);
  if (relative === "") return ".";
  if (isOutside(relative)) return filePath;
  return relative.split(path.sep).join("/");
}

/** A one-line `n/total` counter on stderr, for long runs in a terminal. */
export class Progress {
  private lastDraw = 0;
  private shown = false;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream,
  ) {}

  static wanted(total: number, stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
    return total > 200 && !!stream.isTTY && !env.CI;
  }

  update(done: number): void {
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    this.shown = true;
    this.stream.write(`\r\x1b[Kasync-lint: ${done}/${this.total} files`);
  }

  /** Clears the counter line, before anything else is written or at the end. */
  clear(): void {
    if (!this.shown) return;
    this.shown = false;
    this.stream.write("\r\x1b[K");
  }
}

/** Whether a `path.relative()` result leaves its base folder (`..`, `../x`, another drive), unlike `..x`. */
export function isOutside(relative: string): boolean {
  return relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}
