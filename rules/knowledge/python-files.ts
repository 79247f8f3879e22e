// Python file objects on disk: what makes one (`open(...)`, `io.open`, `os.fdopen`, `Path.open()`), the classes
// an annotation names for one (`f: io.TextIOWrapper`, `f: typing.TextIO`), and which of its methods do I/O.
// One tracked type stands for all of them, whatever the mode: `open(p)` gives a TextIOWrapper, `open(p, "rb")` a
// BufferedReader, and each method below blocks on every one of them. In-memory streams (`io.StringIO`,
// `io.BytesIO`) are not files and are not here; the async file APIs (`aiofiles.open`, `anyio.open_file`,
// `trio.open_file`) are different functions, never matched. python-instances.ts and python-blocking.ts build their
// rows from these lists (this module imports neither, so the tables stay free of import cycles).

/** The tracked type of a file object on disk (a synthetic name: there is no one class). */
export const PY_FILE_TYPE = "io.File";

/** Functions that open a file on disk, by qualified name. */
export const PY_FILE_OPENERS: readonly string[] = ["builtins.open", "io.open", "os.fdopen", "codecs.open"];

/** Methods of tracked types that open a file: `path.open()`. */
export const PY_FILE_OPENING_METHODS: readonly { type: string; member: string }[] = [{ type: "pathlib.Path", member: "open" }];

/**
 * Annotations that say "a file": the concrete classes `open()` returns and the `typing` protocols for files.
 * `typing.IO`/`TextIO`/`BinaryIO` could also hold an in-memory stream, but code that passes one annotates it
 * as such (`io.StringIO`); a parameter declared as a file is read as one, as flake8-async's ASYNC232 does.
 */
export const PY_FILE_ANNOTATION_CLASSES: readonly string[] = [
  "io.TextIOWrapper",
  "io.BufferedReader",
  "io.BufferedWriter",
  "io.BufferedRandom",
  "io.FileIO",
  "_io.TextIOWrapper",
  "_io.BufferedReader",
  "_io.BufferedWriter",
  "_io.BufferedRandom",
  "_io.FileIO",
  "typing.IO",
  "typing.TextIO",
  "typing.BinaryIO",
  "typing_extensions.IO",
  "typing_extensions.TextIO",
  "typing_extensions.BinaryIO",
];

export const PY_FILE_REASON = "does file I/O on the event loop's thread";
export const PY_FILE_INSTEAD = "`aiofiles` (`async with aiofiles.open(...) as f: await f.read()`), or do the file work in `await asyncio.to_thread(...)`";

/** Methods that read, write or flush the file (ASYNC232). `fileno`, `tell`, `name`, `closed` and the like do not wait. */
export const PY_FILE_BLOCKING_METHODS: readonly string[] = ["read", "read1", "readinto", "readinto1", "readline", "readlines", "write", "writelines", "flush", "seek", "truncate", "close"];

/** `for line in f`: each step reads from the file. */
export const PY_FILE_ITERATION = { type: PY_FILE_TYPE, reason: "reads from the file on the event loop's thread", replacement: PY_FILE_INSTEAD, code: "ASYNC232" };
