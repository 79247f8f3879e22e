// Peak memory and CPU time where GNU time is not installed: preloaded into each Node.js process of a measured tool
// (NODE_OPTIONS=--require), it appends one JSON line (maximum resident set size in kB, user + system CPU time in
// microseconds) when the process exits.
"use strict";
const fs = require("node:fs");

process.on("exit", () => {
  const file = process.env.ASYNC_LINT_BENCH_RSS_FILE;
  if (!file) return;
  const usage = process.resourceUsage();
  fs.appendFileSync(file, JSON.stringify({ maxRSS: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }) + "\n");
});
