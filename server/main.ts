// The language server's entry point (bundled to dist/server.js). VS Code starts it over IPC (--node-ipc);
// any other editor runs `async-lint-server --stdio` (the package's bin for this file).
// The same file runs the server's typed-linting worker thread (typed-worker.ts), so dist/server.js stays its only file.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server";
import { isTypedWorkerThread, runTypedWorkerThread } from "./typed-worker";

const TRANSPORTS = ["--stdio", "--node-ipc", "--socket=", "--pipe=", "--clientProcessId"];

if (isTypedWorkerThread()) {
  runTypedWorkerThread();
} else {
  if (!process.argv.slice(2).some((arg) => TRANSPORTS.some((transport) => arg.startsWith(transport)))) {
    process.stderr.write("Usage: async-lint-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>\n");
    process.exit(2);
  }

  const connection = createConnection(ProposedFeatures.all);

  // A failure that escapes every handler is logged, not fatal: the editor keeps its diagnostics and the next
  // request gets a fresh try. (A rule's own exceptions never get this far: the engine records them per file.)
  process.on("uncaughtException", (error) => connection.console.error(`Unexpected error: ${error.stack ?? error.message}`));
  process.on("unhandledRejection", (reason) => connection.console.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

  startServer(connection);
}
