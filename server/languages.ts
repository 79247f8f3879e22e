// Front ends that need setting up before the first lint. TypeScript needs none (the compiler loads synchronously);
// Python's parser is WebAssembly, loaded once here, after which lintSource handles .py documents synchronously.
import { initPython } from "../rules/lang/python/parser";
import type { Logger } from "./log";

export async function initializeLanguages(log: Logger): Promise<void> {
  try {
    await initPython();
  } catch (error) {
    // TypeScript and JavaScript still work; each .py document then logs why it is not checked.
    log.error(`Python support could not be loaded: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
