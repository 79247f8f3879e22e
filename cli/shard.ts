// --shard i/n: which part of the file set a CI job lints. A file's shard is a hash of its path relative to the
// working folder, so it does not depend on the other files: adding or removing files never moves the rest
// between shards (a round-robin split of the sorted list would), and every job computes the same split.
import * as path from "node:path";

/** 32-bit FNV-1a of the UTF-8 bytes: small, stable across platforms and Node versions. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The 1-based shard of a file, out of `count`. */
export function shardOf(filePath: string, cwd: string, count: number): number {
  const relative = path.relative(cwd, filePath).split(path.sep).join("/");
  return (fnv1a(relative) % count) + 1;
}

export function filesOfShard(files: readonly string[], cwd: string, shard: { index: number; count: number }): string[] {
  return files.filter((file) => shardOf(file, cwd, shard.count) === shard.index);
}
