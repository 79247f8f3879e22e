import { beforeAll, describe, expect, it } from "vitest";
import { PyFileAnalysis } from "./analysis";
import { initPython, parsePython } from "./parser";
import type { PyNode } from "./tree";

beforeAll(() => initPython());

/** The file's `reveal(expr)` calls, in order. */
function reveals(root: PyNode): PyNode[] {
  return [...root.descendants()].filter((n) => n.type === "call" && n.child("function")?.text === "reveal").map((call) => call.child("arguments")!.children[0]);
}

/** What the type inference says of every `reveal(expr)` argument, in order ("?" for unknown). */
function typesOf(lines: string[]): string[] {
  const tree = parsePython(lines.join("\n") + "\n");
  const { types } = new PyFileAnalysis(tree);
  return reveals(tree.root).map((expr) => types.typeOf(expr) ?? "?");
}

describe("Python type inference: what the file shows", () => {
  it("constructors and factories, through any import form", () => {
    expect(
      typesOf([
        "import requests, sqlite3",
        "from httpx import Client as C",
        "import urllib3 as u3",
        "s = requests.Session()",
        "c = C()",
        "pool = u3.HTTPConnectionPool('h')",
        "conn = sqlite3.connect(':memory:')",
        "reveal(s); reveal(c); reveal(pool); reveal(conn); reveal(conn.cursor())",
      ]),
    ).toEqual(["requests.Session", "httpx.Client", "urllib3.PoolManager", "sqlite3.Connection", "sqlite3.Cursor"]);
  });

  it("awaited factories and what `async with` binds", () => {
    expect(
      typesOf([
        "import asyncpg, aiosqlite, aiohttp, asyncio",
        "async def main(dsn, path):",
        "    pool = await asyncpg.create_pool(dsn)",
        "    async with aiosqlite.connect(path) as db:",
        "        async with await asyncpg.create_pool(dsn) as entered:",
        "            async with aiohttp.ClientSession() as session:",
        "                async with asyncio.Lock() as held:",
        "                    reveal(pool); reveal(db); reveal(entered); reveal(session); reveal(held)",
      ]),
    ).toEqual(["asyncpg.Pool", "aiosqlite.Connection", "asyncpg.Pool", "aiohttp.ClientSession", "?"]);
  });

  it("parameter annotations: plain, Optional, X | None, Union, Annotated, unions that agree, strings", () => {
    expect(
      typesOf([
        "import typing, socket, sqlite3",
        "from typing import Annotated, Optional, Union",
        "import httpx, requests, urllib3",
        "from urllib3 import HTTPConnectionPool",
        "def f(client: httpx.Client, pool: urllib3.PoolManager | HTTPConnectionPool, session: requests.Session,",
        "      conn: sqlite3.Connection, sock: socket.socket, a: Optional[httpx.Client], b: typing.Optional[httpx.Client],",
        "      c: httpx.Client | None, d: None | httpx.Client, e: Union[httpx.Client, None], g: typing.Union[None, requests.Session],",
        "      h: 'httpx.Client', i: Optional['httpx.Client'], j: \"Optional[httpx.Client]\", k: Annotated[httpx.Client, 'doc'],",
        "      m: (httpx.AsyncClient) = None, n: Optional[httpx.AsyncClient] = None):",
        "    reveal(client); reveal(pool); reveal(session); reveal(conn); reveal(sock); reveal(a); reveal(b); reveal(c)",
        "    reveal(d); reveal(e); reveal(g); reveal(h); reveal(i); reveal(j); reveal(k); reveal(m); reveal(n)",
        "    reveal(conn.cursor()); reveal(conn.execute('q'))",
      ]),
    ).toEqual([
      "httpx.Client",
      "urllib3.PoolManager",
      "requests.Session",
      "sqlite3.Connection",
      "socket.socket",
      ...Array(5).fill("httpx.Client"),
      "requests.Session",
      ...Array(4).fill("httpx.Client"),
      "httpx.AsyncClient",
      "httpx.AsyncClient",
      "sqlite3.Cursor",
      "sqlite3.Cursor",
    ]);
  });

  it("annotated variables, and `self.x` from its assignments and annotations, `None` left out", () => {
    expect(
      typesOf([
        "import aiohttp, httpx",
        "from typing import Optional",
        "client: httpx.Client = make_client()",
        "class Crawler:",
        "    limit: httpx.Client",
        "    def __init__(self):",
        "        self._session = None",
        "        self.api: Optional[httpx.AsyncClient] = None",
        "    async def start(self):",
        "        self._session = aiohttp.ClientSession()",
        "    async def run(self):",
        "        reveal(client); reveal(self._session); reveal(self.api); reveal(self.limit)",
      ]),
    ).toEqual(["httpx.Client", "aiohttp.ClientSession", "httpx.AsyncClient", "httpx.Client"]);
  });

  it("the types a call's arguments give the callee's parameters, by position, keyword and through a method's receiver", () => {
    const tree = parsePython(
      [
        "import aiohttp, httpx",
        "class Api:",
        "    async def fetch(self, session, url, *, client=None):",
        "        return reveal(session), reveal(url), reveal(client)",
        "async def main(api: Api, http: httpx.AsyncClient):",
        "    async with aiohttp.ClientSession() as s:",
        "        await api.fetch(s, 'u', client=http)",
        "",
      ].join("\n"),
    );
    const { types } = new PyFileAnalysis(tree);
    const call = [...tree.root.descendants()].find((n) => n.type === "call" && n.child("function")?.text === "api.fetch")!;
    const fetch = [...tree.root.descendants()].find((n) => n.type === "function_definition" && n.child("name")?.text === "fetch")!;
    const known = types.argumentTypes(fetch, call.child("function")!, call.child("arguments")!.children);
    expect(known.fn).toBe(fetch);
    expect([...known.parameters]).toEqual([
      ["session", "aiohttp.ClientSession"],
      ["client", "httpx.AsyncClient"],
    ]);
    // Inside `fetch`, its parameters have the types this call passes; without the call, they are unknown.
    const inFetch = reveals(fetch);
    expect(inFetch.map((expr) => types.typeOf(expr, known) ?? "?")).toEqual(["aiohttp.ClientSession", "?", "httpx.AsyncClient"]);
    expect(inFetch.map((expr) => types.typeOf(expr) ?? "?")).toEqual(["?", "?", "?"]);
  });
});

describe("Python type inference: a name bound more than once", () => {
  it("takes the binding just before the read in the same block, annotated or made", () => {
    expect(
      typesOf([
        "import httpx, requests",
        "from io import TextIOWrapper",
        "async def f(c: TextIOWrapper):",
        "    c: int = 7",
        "    reveal(c)",
        "    c: TextIOWrapper = get()",
        "    reveal(c)",
        "    for _ in range(3):",
        "        s = requests.Session()",
        "        reveal(s)",
        "        s = None",
        "pool = None",
        "pool: httpx.Client = make()",
        "reveal(pool)",
      ]),
    ).toEqual(["?", "io.File", "requests.Session", "httpx.Client"]);
  });

  it("not through a branch, a loop that rebinds after the read, a nested function, or a global statement", () => {
    expect(
      typesOf([
        "import httpx",
        "def f(flag):",
        "    a: httpx.Client = make()",
        "    if flag:",
        "        a = None",
        "    reveal(a)",
        "    b: httpx.Client = make()",
        "    while flag:",
        "        reveal(b)",
        "        b = None",
        "    c: httpx.Client = make()",
        "    def inner():",
        "        reveal(c)",
        "    c = None",
        "    d = make()",
        "    d = d.client",
        "    reveal(d)",
        "g = None",
        "g: httpx.Client = make()",
        "def rebind():",
        "    global g",
        "    g = None",
        "reveal(g)",
      ]),
    ).toEqual(["?", "?", "?", "?", "?"]);
  });
});

describe("Python type inference: what it does not guess", () => {
  it("a name bound more than once, or reassigned after its annotation", () => {
    expect(
      typesOf([
        "import requests, httpx",
        "s = requests.Session()",
        "s = make()",
        "def f(client: httpx.Client):",
        "    client = wrap(client)",
        "    reveal(client)",
        "reveal(s)",
        "if cond:",
        "    t = requests.Session()",
        "else:",
        "    t = httpx.Client()",
        "reveal(t)",
      ]),
    ).toEqual(["?", "?", "?"]);
  });

  it("unknown annotations: untracked classes, containers, unions with anything else, Optional of two", () => {
    expect(
      typesOf([
        "import httpx, requests",
        "from typing import Optional, Union",
        "from mylib import Client",
        "def f(a: Client, b: int, c: list[httpx.Client], d: Union[httpx.Client, str], e: httpx.Client | requests.Session,",
        "      g: Optional[httpx.Client, int], h: None, i: f'httpx.Client', j: b'httpx.Client', k: 'httpx.Client(', m):",
        "    reveal(a); reveal(b); reveal(c); reveal(d); reveal(e); reveal(g); reveal(h); reveal(i); reveal(j); reveal(k); reveal(m)",
      ]),
    ).toEqual(Array(11).fill("?"));
  });

  it("shadowed imports: the annotation's names are looked up where it stands, string annotations too", () => {
    expect(
      typesOf([
        "import httpx",
        "def outer():",
        "    httpx = load_plugin()",
        "    def f(a: httpx.Client, b: 'httpx.Client'):",
        "        reveal(a); reveal(b)",
        "def g(c: httpx.Client):",
        "    reveal(c)",
        "import requests",
        "requests = None",
        "def h(s: requests.Session):",
        "    reveal(s)",
      ]),
    ).toEqual(["?", "?", "httpx.Client", "?"]);
  });

  it("`self.x` assigned different types, or changed in place", () => {
    expect(
      typesOf([
        "import httpx, requests",
        "class A:",
        "    def __init__(self):",
        "        self.c = httpx.Client()",
        "        self.d = httpx.Client()",
        "    def swap(self):",
        "        self.c = requests.Session()",
        "        self.d += 1",
        "    def use(self):",
        "        reveal(self.c); reveal(self.d)",
      ]),
    ).toEqual(["?", "?"]);
  });

  it("what a typed object gives: `path / name`, `path.open()`, assigned or bound by `with`", () => {
    expect(
      typesOf([
        "from pathlib import Path",
        "async def f(directory: Path, other):",
        "    config = directory / 'settings.json'",
        "    handle = config.open()",
        "    with (directory / 'a').open('rb') as f:",
        "        reveal(config); reveal(handle); reveal(f); reveal(other / 'x')",
      ]),
    ).toEqual(["pathlib.Path", "io.File", "io.File", "?"]);
  });

  it("file objects: open() in any form, and file annotations; in-memory streams are not files", () => {
    expect(
      typesOf([
        "import io, os, typing",
        "from typing import IO, TextIO, BinaryIO",
        "def f(a: io.TextIOWrapper, b: io.BufferedReader | None, c: typing.Optional[BinaryIO], d: 'TextIO', e: IO[str], s: io.StringIO):",
        "    with open('p') as g:",
        "        h = os.fdopen(3)",
        "        reveal(a); reveal(b); reveal(c); reveal(d); reveal(e); reveal(g); reveal(h); reveal(s); reveal(io.BytesIO())",
      ]),
    ).toEqual(["io.File", "io.File", "io.File", "io.File", "io.File", "io.File", "io.File", "?", "?"]);
  });

  it("an annotated `self.x` is what its annotation declares, whatever the value", () => {
    expect(
      typesOf([
        "import socket",
        "class A:",
        "    def __init__(self):",
        "        self.sock: socket.socket = make_socket()",
        "    def use(self):",
        "        reveal(self.sock)",
      ]),
    ).toEqual(["socket.socket"]);
  });

  it("what a function of the file declares it returns, and what iterating a directory gives", () => {
    expect(
      typesOf([
        "import functools, httpx",
        "from pathlib import Path",
        "from asgiref.sync import sync_to_async",
        "def make() -> httpx.Client: ...",
        "@functools.cache",
        "def cached() -> 'httpx.Client': ...",
        "@sync_to_async",
        "def wrapped() -> httpx.Client: ...",
        "async def coroutine() -> httpx.Client: ...",
        "def f(root: Path):",
        "    for child in root.iterdir():",
        "        reveal(make()); reveal(cached()); reveal(wrapped()); reveal(coroutine()); reveal(child); reveal(child / 'x')",
        "    reveal([p for p in root.glob('*.json')][0])",
      ]),
    ).toEqual(["httpx.Client", "httpx.Client", "?", "?", "pathlib.Path", "pathlib.Path", "?"]);
  });

  it("tuple unpacking of flat tuples of the same length", () => {
    expect(
      typesOf([
        "from pathlib import Path",
        "import httpx",
        "(p1, p2) = (Path('a'), httpx.Client())",
        "a, b = open('x'), open('y')",
        "c, *d = Path('a'), Path('b')",
        "e, f = pair()",
        "reveal(p1); reveal(p2); reveal(a); reveal(b); reveal(c); reveal(e)",
      ]),
    ).toEqual(["pathlib.Path", "httpx.Client", "io.File", "io.File", "?", "?"]);
  });
});
