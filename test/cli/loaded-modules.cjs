// Preloaded (--require) into CLI runs by startup.test.ts: appends the CommonJS modules loaded so far to the file
// that ASYNC_LINT_LOADED_MODULES names, one JSON line per record: the main thread when it exits, a worker thread
// each time it posts a message (the CLI terminates its workers, and a terminated worker gets no exit event).
const fs = require("node:fs");
const { isMainThread, parentPort, threadId } = require("node:worker_threads");

const record = () => fs.appendFileSync(process.env.ASYNC_LINT_LOADED_MODULES, JSON.stringify({ threadId, modules: Object.keys(require.cache) }) + "\n");

if (isMainThread) {
  process.on("exit", record);
} else if (parentPort) {
  const post = parentPort.postMessage.bind(parentPort);
  parentPort.postMessage = (...args) => {
    record();
    return post(...args);
  };
}
