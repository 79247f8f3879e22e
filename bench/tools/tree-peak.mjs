// Runs a command and reports its wall time, its CPU time (user + system, children included: on a loaded machine the
// steadier figure) and the peak of the summed RSS of its whole process tree (sampled every
// 100 ms from /proc), as one JSON line on stderr. /usr/bin/time's %M is the peak of the largest single process, which
// undercounts tools that split work over processes (async-lint workers, a native compiler beside Node).
// Usage: node bench/tools/tree-peak.mjs <label> -- <command> [args...]   (Linux only)
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const [label, dashes, command, ...args] = process.argv.slice(2);
if (!label || dashes !== "--" || !command) {
  console.error("usage: node bench/tools/tree-peak.mjs <label> -- <command> [args...]");
  process.exit(2);
}

function treeRssKb(root) {
  const children = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)).push(Number(entry));
    } catch {}
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) total += Number(match[1]);
    } catch {}
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

const start = process.hrtime.bigint();
const cpuFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tree-peak-")), "cpu");
const child = spawn("/usr/bin/time", ["-o", cpuFile, "-f", "%U %S", command, ...args], { stdio: ["ignore", "inherit", "inherit"] });
let peakKb = 0;
const timer = setInterval(() => (peakKb = Math.max(peakKb, treeRssKb(child.pid))), 100);
child.on("exit", (code) => {
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const [user, system] = fs.readFileSync(cpuFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
  fs.rmSync(path.dirname(cpuFile), { recursive: true, force: true });
  const load = os.loadavg()[0].toFixed(1);
  console.error(JSON.stringify({ label, seconds: Number(seconds.toFixed(2)), cpuSeconds: Number((user + system).toFixed(2)), peakMb: Math.round(peakKb / 1024), exit: code, load1: load }));
});
