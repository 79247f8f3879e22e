import { beforeAll, describe, expect, it } from "vitest";
import { applyFixes } from "../../core/fixes";
import { PyFileAnalysis } from "./analysis";
import * as fs from "node:fs";
import * as path from "node:path";
import { globSync } from "tinyglobby";
import { initPython, parsePython, parsePythonToLint, parsePythonWithPublicCursor, PythonNotInitializedError, treeShape, usesDirectCursor } from "./parser";
import { qualifiedName, type PyValue } from "./resolve";
import type { PyNode } from "./tree";

describe("before initPython()", () => {
  it("parsing says what to do", () => {
    expect(() => parsePython("x = 1\n")).toThrow(PythonNotInitializedError);
    expect(() => parsePython("x = 1\n")).toThrow(/await initPython\(\)/);
  });
});

describe("Python front end", () => {
  beforeAll(() => initPython());

  /** The first node of a type whose text is `text`. */
  const find = (root: PyNode, type: string, text: string): PyNode => {
    for (const node of root.descendants()) if (node.type === type && node.text === text) return node;
    throw new Error(`no ${type} ${text}`);
  };
  const describeValue = (value: PyValue | undefined): string => {
    if (!value) return "unknown";
    if (value.kind === "module") return qualifiedName(value)!;
    if (value.kind === "instance") return `instance ${value.type}`;
    if (value.kind === "instance-member") return `${value.type}#${value.member}`;
    if (value.kind === "definition") return `def ${value.node.child("name")?.text}`;
    return `self of ${value.classNode.child("name")?.text}`;
  };
  const analyse = (text: string) => {
    const tree = parsePython(text);
    const analysis = new PyFileAnalysis(tree);
    const resolveCall = (callText: string) => describeValue(analysis.resolver.resolve(find(tree.root, "call", callText).child("function")!));
    return { tree, analysis, resolveCall };
  };

  describe("tree", () => {
    it("keeps UTF-16 offsets, keywords and operators, and puts comments aside", () => {
      const text = 's = "héllo 😀"  # note\nasync def f(a, b):\n    return a + b\n';
      const tree = parsePython(text);
      const fn = tree.root.children[1];
      expect(fn.type).toBe("function_definition");
      expect(fn.start).toBe(text.indexOf("async def"));
      expect(fn.hasToken("async")).toBe(true);
      expect(fn.tokens.map((t) => t.type)).toEqual(["async", "def"]);
      expect(find(tree.root, "binary_operator", "a + b").child("operator")?.text).toBe("+");
      expect(tree.comments.map((c) => c.text)).toEqual(["# note"]);
      expect(tree.root.children.map((c) => c.type)).toEqual(["expression_statement", "function_definition"]);
      expect(tree.hasError).toBe(false);
    });

    it("reuses the tree of an unchanged text under the same key", () => {
      const first = parsePython("x = 1\n", "/a.py");
      expect(parsePython("x = 1\n", "/a.py")).toBe(first);
      expect(parsePython("x = 2\n", "/a.py")).not.toBe(first);
      expect(parsePython("x = 1\n", "/b.py")).not.toBe(first);
    });

    it("shares trees between the linter's parses and a lint set's parses of the same text", () => {
      // A file parsed as another file's import source, then linted.
      const imported = parsePython("import a\n", "/imported.py");
      expect(parsePythonToLint("import a\n", "/imported.py")).toBe(imported);
      // A file linted, then reached as an import source (from the recently-linted cache).
      const linted = parsePythonToLint("import b\n", "/linted.py");
      expect(parsePython("import b\n", "/linted.py")).toBe(linted);
      expect(parsePythonToLint("import c\n", "/linted.py")).not.toBe(linted);
    });

    it("copies trees with the direct cursor, exactly as web-tree-sitter's public cursor API does", () => {
      // If a web-tree-sitter upgrade changes the internals the direct cursor uses, start-up falls back to the
      // public API (correct, about 25% slower on the benchmark): this says so.
      expect(usesDirectCursor()).toBe(true);
      const fixtures = globSync("rules/*/fixtures/python/**/*.py", { cwd: path.resolve(__dirname, "../../..") });
      expect(fixtures.length).toBeGreaterThan(20);
      const texts = fixtures.map((file) => fs.readFileSync(path.resolve(__dirname, "../../..", file), "utf8"));
      // Syntax errors, MISSING tokens, non-ASCII text, deep nesting.
      texts.push("async def f(:\n    x = = 1\n    g(1\n", 'é = "😀" if not a else b  # ü\n', `x = ${"(".repeat(200)}1${")".repeat(200)}\n`);
      for (const text of texts) expect(treeShape(parsePython(text))).toBe(treeShape(parsePythonWithPublicCursor(text)));
    });

    it("analyses very deep expressions without overflowing the call stack", () => {
      const { resolveCall } = analyse(`import time\nx = ${Array(30000).fill("1").join(" + ")}\ntime.sleep(1)\n`);
      expect(resolveCall("time.sleep(1)")).toBe("time.sleep");
    });

    it("records syntax errors and missing tokens", () => {
      const tree = parsePython("async def f():\n    x = = 1\n    g(1\n");
      expect(tree.hasError).toBe(true);
      expect(tree.errorRanges.length).toBeGreaterThan(0);
    });
  });

  describe("name resolution", () => {
    it("follows every import form to a qualified name", () => {
      const { resolveCall } = analyse(
        [
          "import time",
          "import time as t",
          "from time import sleep",
          "from os import system as sh",
          "import urllib.request",
          "import os.path",
          "from . import sibling",
          "time.sleep(1)",
          "t.sleep(2)",
          "sleep(3)",
          'sh("ls")',
          'urllib.request.urlopen("u")',
          'os.path.exists("p")',
          "sibling.run()",
          'open("f")',
          "",
        ].join("\n"),
      );
      expect(resolveCall("time.sleep(1)")).toBe("time.sleep");
      expect(resolveCall("t.sleep(2)")).toBe("time.sleep");
      expect(resolveCall("sleep(3)")).toBe("time.sleep");
      expect(resolveCall('sh("ls")')).toBe("os.system");
      expect(resolveCall('urllib.request.urlopen("u")')).toBe("urllib.request.urlopen");
      expect(resolveCall('os.path.exists("p")')).toBe("os.path.exists");
      expect(resolveCall("sibling.run()")).toBe(".sibling.run");
      expect(resolveCall('open("f")')).toBe("builtins.open");
    });

    it("lets locals, parameters, defs and loop variables shadow imports", () => {
      const { resolveCall } = analyse(
        [
          "import time",
          "from os import system",
          "def a(time):",
          "    time.sleep(1)",
          "def b():",
          "    time = 3",
          "    time.sleep(2)",
          "def c():",
          "    def system(x): pass",
          "    system(3)",
          "def d():",
          "    for time in []:",
          "        time.sleep(4)",
          "def e():",
          "    time.sleep(5)",
          "    global time",
          "",
        ].join("\n"),
      );
      expect(resolveCall("time.sleep(1)")).toBe("unknown");
      expect(resolveCall("time.sleep(2)")).toBe("unknown");
      expect(resolveCall("system(3)")).toBe("def system");
      expect(resolveCall("time.sleep(4)")).toBe("unknown");
      expect(resolveCall("time.sleep(5)")).toBe("time.sleep");
    });

    it("follows Python's scoping: class bodies are invisible to methods, comprehensions have their own scope", () => {
      const { resolveCall } = analyse(
        [
          "import time",
          "class C:",
          "    time = None",
          "    def m(self):",
          "        time.sleep(1)",
          "[time.sleep(2) for time in range(3)]",
          "[x for x in time.sleep(3)]",
          "try:",
          "    import ujson as json",
          "except ImportError:",
          "    import json",
          "json.loads(4)",
          "if (s := time.sleep):",
          "    s(5)",
          "",
        ].join("\n"),
      );
      expect(resolveCall("time.sleep(1)")).toBe("time.sleep");
      expect(resolveCall("time.sleep(2)")).toBe("unknown");
      expect(resolveCall("time.sleep(3)")).toBe("time.sleep");
      expect(resolveCall("json.loads(4)")).toBe("unknown");
      expect(resolveCall("s(5)")).toBe("time.sleep");
    });

    it("places names in a comprehension's first iterable outside it, whichever node is asked about first", () => {
      // scopeAt remembers answers for the nodes it passes; the first for_in_clause is the one node whose answer
      // depends on the node below it, so both orders of questions must give the same answers.
      const source = ["import time", "[time.sleep(2) for time in g(time.sleep(3), [time.sleep(4) for time in h])]", ""].join("\n");
      const inner = analyse(source);
      expect(inner.resolveCall("time.sleep(2)")).toBe("unknown");
      expect(inner.resolveCall("time.sleep(4)")).toBe("unknown");
      expect(inner.resolveCall("time.sleep(3)")).toBe("time.sleep");
      const outer = analyse(source);
      expect(outer.resolveCall("time.sleep(3)")).toBe("time.sleep");
      expect(outer.resolveCall("time.sleep(4)")).toBe("unknown");
      expect(outer.resolveCall("time.sleep(2)")).toBe("unknown");
    });

    it("tracks instances from constructors, with-as, methods, properties, `/` and self attributes", () => {
      const { resolveCall } = analyse(
        [
          "import aiohttp, sqlite3, requests, threading",
          "from pathlib import Path",
          "session = requests.Session()",
          "class Store:",
          "    def __init__(self):",
          "        self.lock = threading.Lock()",
          "        self.other = threading.Lock()",
          "    def reset(self):",
          "        self.other = None",
          "    async def run(self, p):",
          "        self.lock.acquire()",
          "        self.other.acquire()",
          "        self.run(p)",
          "async def f():",
          "    session.get(1)",
          "    with requests.Session() as s:",
          "        s.post(2)",
          "    conn = sqlite3.connect(':memory:')",
          "    conn.cursor().execute(3)",
          "    (Path(__file__).parent / 'x').read_text()",
          "    with threading.Lock() as acquired:",
          "        acquired.acquire()",
          "    async with aiohttp.ClientSession() as client:",
          "        client.close(6)",
          "",
        ].join("\n"),
      );
      expect(resolveCall("self.lock.acquire()")).toBe("threading.Lock#acquire");
      expect(resolveCall("self.other.acquire()")).toBe("unknown");
      expect(resolveCall("self.run(p)")).toBe("def run");
      expect(resolveCall("session.get(1)")).toBe("requests.Session#get");
      expect(resolveCall("s.post(2)")).toBe("requests.Session#post");
      expect(resolveCall("conn.cursor().execute(3)")).toBe("sqlite3.Cursor#execute");
      expect(resolveCall("(Path(__file__).parent / 'x').read_text()")).toBe("pathlib.Path#read_text");
      expect(resolveCall("acquired.acquire()")).toBe("unknown");
      expect(resolveCall("client.close(6)")).toBe("aiohttp.ClientSession#close");
    });

    it("gives up on names a wildcard import may provide", () => {
      const { resolveCall } = analyse("from os import *\nsystem('ls')\nopen('f')\n");
      expect(resolveCall("system('ls')")).toBe("unknown");
      expect(resolveCall("open('f')")).toBe("unknown");
    });
  });

  describe("coroutine contexts", () => {
    it("is the async def body, minus nested defs, lambdas, class bodies and offloaded arguments", () => {
      const { tree, analysis } = analyse(
        [
          "import asyncio, anyio",
          "async def outer():",
          "    a()",
          "    def inner(x=b()):",
          "        c()",
          "    @d()",
          "    def decorated(): pass",
          "    lambda: e()",
          "    class K:",
          "        f()",
          "    [g() for _ in range(2)]",
          "    await asyncio.to_thread(h, i())",
          "    await loop.run_in_executor(None, j())",
          "    await anyio.to_thread.run_sync(k())",
          "    await asyncio.wait_for(l(), 1)",
          "def sync():",
          "    m()",
          "n()",
          "",
        ].join("\n"),
      );
      const inside = (name: string) => analysis.coroutines.coroutineOf(find(tree.root, "call", `${name}()`))?.child("name")?.text ?? "-";
      expect(["a", "b", "c", "d", "e", "f", "g", "i", "j", "k", "l", "m", "n"].map((n) => `${n}:${inside(n)}`)).toEqual([
        "a:outer",
        "b:outer",
        "c:-",
        "d:outer",
        "e:-",
        "f:-",
        "g:outer",
        "i:-",
        "j:-",
        "k:-",
        "l:outer",
        "m:-",
        "n:-",
      ]);
    });
  });

  describe("imports for fixes", () => {
    const addAsyncio = (text: string) => {
      const { tree, analysis } = analyse(text);
      const at = [...tree.root.descendants()].find((n) => n.type === "call")!;
      const reference = analysis.imports.moduleReference("asyncio", at);
      return reference && { expression: reference.expression, text: applyFixes(text, [{ title: "", edits: reference.edits, safety: "safe" }]).text };
    };

    it("reuses a module import that means asyncio where the fix goes", () => {
      expect(addAsyncio("import asyncio as aio\nf()\n")).toEqual({ expression: "aio", text: "import asyncio as aio\nf()\n" });
    });

    it("adds `import asyncio` before the first import, after a docstring and __future__ imports", () => {
      expect(addAsyncio('"""Doc."""\nfrom __future__ import annotations\n\nimport os\nf()\n')?.text).toBe(
        '"""Doc."""\nfrom __future__ import annotations\n\nimport asyncio\nimport os\nf()\n',
      );
      expect(addAsyncio('"""Doc."""\nf()\n')?.text).toBe('"""Doc."""\nimport asyncio\nf()\n');
      expect(addAsyncio("#!/usr/bin/env python\n# header\nf()\n")?.text).toBe("#!/usr/bin/env python\n# header\nimport asyncio\nf()\n");
    });

    it("does not add an import whose name is already taken", () => {
      expect(addAsyncio("def f(asyncio): g()\n")).toBeUndefined();
    });
  });
});
