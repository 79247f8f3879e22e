import { execSync } from "node:child_process";
import { execFile } from "node:child_process";
import { gzipSync } from "node:zlib";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Stamps a report with the deployed revision: execSync stalls the server until git exits. */
export async function buildReport(rows: object[]): Promise<Buffer> {
  const revision = execSync("git rev-parse --short HEAD").toString().trim();
  return gzipSync(JSON.stringify({ revision, rows }));
}

/** The correct twin: git runs while the event loop keeps serving. */
export async function revisionAsync(): Promise<string> {
  const { stdout } = await execFileAsync("git", ["rev-parse", "--short", "HEAD"]);
  return stdout.trim();
}
