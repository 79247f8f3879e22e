// File-system calls that block the event loop (flake8-async / Ruff ASYNC240 and beyond): metadata queries
// (`os.path.exists`, `Path.stat`), directory listings and changes (`os.listdir`, `Path.mkdir`). Each is a system
// call that can wait on the disk or a network file system. Spread into PY_BLOCKING_CALLS (python-blocking.ts).
//
// Pure functions stay silent: they compute on the string, or on process state, and touch no file system.
// `os.path.join/basename/dirname/split/splitext/normpath/normcase/isabs/commonpath/expandvars/samestat`, and
// also `os.path.abspath`/`relpath` and `Path.absolute()`: these call `os.getcwd()` for a relative path, which
// reads the process's current directory from the kernel and never waits on a disk (Ruff flags `abspath`,
// flake8-async flags `relpath` and `normpath`; neither blocks). `os.path.expanduser`/`Path.expanduser` read the
// environment. `os.getcwd()` itself is in the same class.
// Typed where they are spread in (no import back: the knowledge modules form no cycle).

const METADATA = "waits for the file system (a system call on the event loop's thread)";
const METADATA_INSTEAD = "`await asyncio.to_thread(...)`, `anyio.Path` or `aiofiles.os`";
const PATH_INSTEAD = "`anyio.Path` (await its methods), or `await asyncio.to_thread(...)`";
/**
 * Return an iterator that does the work as it is iterated: `await asyncio.to_thread(os.scandir, p)` would only
 * move the call, not the listing, to the thread (no suggestion; `to_thread(lambda: list(...))` would do).
 */
const LAZY = new Set(["scandir", "walk", "fwalk", "iterdir", "glob", "rglob", "iglob"]);

/** `os.path` functions that query the file system. */
const OS_PATH_QUERIES = [
  "exists",
  "lexists",
  "isfile",
  "isdir",
  "islink",
  "ismount",
  "isjunction",
  "isdevdrive",
  "getsize",
  "getmtime",
  "getatime",
  "getctime",
  "realpath",
  "samefile",
  "sameopenfile",
  // realpath's worker: an lstat per path component.
  "_joinrealpath",
];

/** `os` functions that read or change the file system. */
const OS_FILESYSTEM_CALLS = [
  "stat",
  "lstat",
  "statvfs",
  "access",
  "listdir",
  "scandir",
  "walk",
  "fwalk",
  "mkdir",
  "makedirs",
  "remove",
  "unlink",
  "rmdir",
  "removedirs",
  "rename",
  "renames",
  "replace",
  "chmod",
  "chown",
  "lchown",
  "link",
  "symlink",
  "readlink",
  "truncate",
  "utime",
  "mkfifo",
  "fsync",
];

/** `pathlib.Path` methods that query or change the file system (`read_text` and kin are in python-blocking.ts). */
const PATH_METHODS = [
  "stat",
  "lstat",
  "exists",
  "is_dir",
  "is_file",
  "is_symlink",
  "is_mount",
  "is_junction",
  "is_socket",
  "is_fifo",
  "is_block_device",
  "is_char_device",
  "iterdir",
  "glob",
  "rglob",
  "walk",
  "owner",
  "group",
  "readlink",
  "resolve",
  "samefile",
  "touch",
  "mkdir",
  "rmdir",
  "unlink",
  "rename",
  "replace",
  "chmod",
  "lchmod",
  "symlink_to",
  "hardlink_to",
  "link_to",
];

export const PY_FILESYSTEM_CALLS = [
  ...OS_PATH_QUERIES.map((f) => ({ callee: `os.path.${f}`, reason: METADATA, replacement: METADATA_INSTEAD, code: "ASYNC240" })),
  // `os.path` is `posixpath` or `ntpath`, and some code imports those by name.
  ...OS_PATH_QUERIES.flatMap((f) => ["posixpath", "ntpath", "genericpath"].map((m) => ({ callee: `${m}.${f}`, reason: METADATA, replacement: METADATA_INSTEAD, code: "ASYNC240" }))),
  ...OS_FILESYSTEM_CALLS.map((f) => ({ callee: `os.${f}`, reason: METADATA, replacement: METADATA_INSTEAD, toThread: !LAZY.has(f), code: "ASYNC240" })),
  ...PATH_METHODS.map((m) => ({ type: "pathlib.Path", member: m, reason: METADATA, replacement: PATH_INSTEAD, toThread: !LAZY.has(m), code: "ASYNC240" })),
  ...["glob", "iglob"].map((f) => ({
    callee: `glob.${f}`,
    reason: "lists directories on the event loop's thread",
    replacement: "`await asyncio.to_thread(glob.glob, ...)`",
    toThread: !LAZY.has(f),
  })),
  ...["disk_usage", "which", "chown", "copymode", "copystat", "make_archive", "unpack_archive"].map((f) => ({
    callee: `shutil.${f}`,
    reason: METADATA,
    replacement: "`await asyncio.to_thread(...)`",
  })),
  // The loader's way to open a file (for code objects): a plain blocking open.
  { callee: "io.open_code", reason: "does file I/O on the event loop's thread", replacement: "`aiofiles`, or `await asyncio.to_thread(...)`", code: "ASYNC230" },
];
