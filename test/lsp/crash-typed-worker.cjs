// Preloaded into a test server (NODE_OPTIONS=--require): the first typed-linting worker exits on its first lint
// request, as a worker that runs out of memory would; later workers (the marker file exists) work normally.
const fs = require("node:fs");
const { isMainThread, parentPort } = require("node:worker_threads");

const marker = process.env.ASYNC_LINT_TEST_CRASH_MARKER;
if (!isMainThread && parentPort && marker && !fs.existsSync(marker)) {
  parentPort.on("message", (message) => {
    if (message.type === "request" && message.method === "lint") {
      fs.writeFileSync(marker, "crashed");
      process.exit(3);
    }
  });
}
