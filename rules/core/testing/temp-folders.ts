// Temporary folders of files for tests that need real paths on disk (tsconfig lookups, programs).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Makes folders with the given files (objects are written as JSON); `removeAll` deletes every one made. */
export function tempFolders(prefix: string): { folder(files: Record<string, string | object>): string; removeAll(): void } {
  const roots: string[] = [];
  return {
    folder(files) {
      const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
      roots.push(dir);
      for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
      }
      return dir;
    },
    removeAll() {
      for (const dir of roots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
