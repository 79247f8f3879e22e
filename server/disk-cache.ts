// The disk as TypeScript's module resolution sees it: file and folder existence, package.json contents, real
// paths. tsserver caches these too: every program update asks again for each import, and the answers only
// change when the file watcher reports a change, which clears the cache.
import ts from "typescript";

export class DiskCache {
  private readonly files = new Map<string, boolean>();
  private readonly dirs = new Map<string, boolean>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly realpaths = new Map<string, string>();

  fileExists(fileName: string): boolean {
    return remember(this.files, fileName, () => ts.sys.fileExists(fileName));
  }

  directoryExists(dir: string): boolean {
    return remember(this.dirs, dir, () => ts.sys.directoryExists(dir));
  }

  readFile(fileName: string, encoding?: string): string | undefined {
    return remember(this.texts, fileName, () => ts.sys.readFile(fileName, encoding));
  }

  realpath(fileName: string): string {
    return remember(this.realpaths, fileName, () => ts.sys.realpath?.(fileName) ?? fileName);
  }

  clear(): void {
    this.files.clear();
    this.dirs.clear();
    this.texts.clear();
    this.realpaths.clear();
  }
}

function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  cache.set(key, value);
  return value;
}
