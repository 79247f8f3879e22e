// Start-up time: runs a command `count` times, one after another (one start is too short to time alone on a busy
// machine). Usage: node starts.mjs <count> <executable> [args...]. Prints a JSON line; fails when a run does.
import { spawnSync } from "node:child_process";

const [count, executable, ...args] = process.argv.slice(2);
const starts = Number(count);
if (!Number.isInteger(starts) || starts < 1 || !executable) throw new Error("usage: node starts.mjs <count> <executable> [args...]");
for (let i = 0; i < starts; i++) {
  const result = spawnSync(executable, args, { stdio: ["ignore", "ignore", "inherit"] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${executable} ${args.join(" ")} exited with ${result.status}`);
}
process.stdout.write(JSON.stringify({ starts }) + "\n");
