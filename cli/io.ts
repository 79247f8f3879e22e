// Reading source files (UTF-8, BOM kept aside) and writing fixed files atomically.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { describeFsError } from "./files";

export type SourceRead =
  | { ok: true; text: string; bom: boolean; raw: Buffer }
  /** `unreadable` makes the exit code 2; `skipped` (binary, not UTF-8) only warns. */
  | { ok: false; kind: "unreadable" | "skipped"; reason: string };

const BOM = "\uFEFF";
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
// Opening a FIFO for reading blocks until a writer comes, unless non-blocking (not on Windows, which has no FIFOs).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

export function readSource(filePath: string): SourceRead {
  let text: string;
  try {
    const fd = fs.openSync(filePath, OPEN_FLAGS);
    try {
      // A device like /dev/zero never ends, a FIFO may: regular files only.
      if (!fs.fstatSync(fd).isFile()) return { ok: false, kind: "skipped", reason: "not a regular file (a pipe, socket or device)" };
      // Node's own UTF-8 read, with no Buffer in between: most files are valid UTF-8 with no NUL, which the two
      // checks below confirm; any other file is read again as bytes and judged exactly.
      text = fs.readFileSync(fd, "utf8");
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    return { ok: false, kind: "unreadable", reason: describeFsError(error) };
  }
  // U+FFFD is what an invalid sequence (or a UTF-16 BOM) decodes to; a NUL in the first 8000 bytes is within the
  // first 8000 characters.
  if (text.includes("\uFFFD") || text.slice(0, 8000).includes("\0")) return readSourceBytes(filePath);
  const bom = text.startsWith(BOM);
  // Valid UTF-8 encodes back to exactly the bytes read.
  return { ok: true, text: bom ? text.slice(1) : text, bom, get raw() { return Buffer.from(text, "utf8"); } };
}

/** The exact reading, byte by byte: UTF-16, binary and invalid UTF-8 are told apart from text. */
function readSourceBytes(filePath: string): SourceRead {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(filePath);
  } catch (error) {
    return { ok: false, kind: "unreadable", reason: describeFsError(error) };
  }
  if ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff)) {
    return { ok: false, kind: "skipped", reason: "UTF-16 encoded (async-lint reads UTF-8)" };
  }
  // Git's heuristic: a NUL byte in the first 8000 bytes means binary.
  if (raw.subarray(0, 8000).includes(0)) return { ok: false, kind: "skipped", reason: "binary file" };
  let text: string;
  try {
    text = decoder.decode(raw);
  } catch {
    return { ok: false, kind: "skipped", reason: "not valid UTF-8" };
  }
  const bom = text.startsWith(BOM);
  return { ok: true, text: bom ? text.slice(1) : text, bom, raw };
}

export function withBom(text: string, bom: boolean): string {
  return bom ? BOM + text : text;
}

/**
 * Replaces a file's content atomically: a temporary file in the same folder, then a rename, keeping the
 * file's mode. Writes through symbolic links to their target. Refuses when the file changed since it was read.
 */
export function writeFileAtomic(filePath: string, content: string, expectedRaw: Buffer): void {
  const target = fs.realpathSync(filePath);
  const current = fs.readFileSync(target);
  if (!current.equals(expectedRaw)) throw new Error("the file changed on disk while it was being linted; not overwritten");
  // A rename would replace a read-only file too; respect the permission as an in-place write would.
  fs.accessSync(target, fs.constants.W_OK);
  const stat = fs.statSync(target);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.async-lint-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    fs.writeFileSync(temp, content, { encoding: "utf8", mode: stat.mode & 0o7777, flag: "wx" });
    // writeFile's mode is reduced by the umask; set it exactly.
    fs.chmodSync(temp, stat.mode & 0o7777);
    fs.renameSync(temp, target);
  } catch (error) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // Already gone.
    }
    throw error;
  }
}
