import { beforeAll, describe, expect, it } from "vitest";
import { lintFixture } from "../core/testing/fixtures";
import { initPython } from "../lang/python/parser";

beforeAll(() => initPython());

const lint = (lines: string[]) => lintFixture("require-timeout", "/virtual/client.py", lines.join("\n"), "syntax").findings;

describe("require-timeout (Python): messages", () => {
  it("says an aiohttp session made without timeout= falls back to aiohttp's 5-minute default, not that it has none", () => {
    const [finding] = lint(["import aiohttp", "", "async def make():", "    return aiohttp.ClientSession()", ""]);
    expect(finding.message).toBe(
      "`aiohttp.ClientSession` is called without `timeout=`: aiohttp's default gives each request 5 minutes in total and no limit per read, so a stalled server holds a task that long. Pass `timeout=aiohttp.ClientTimeout(total=...)` sized for the service.",
    );
  });

  it("explains the socket module's default for the standard library's clients", () => {
    const [finding] = lint(["import urllib.request", "", "def fetch(url):", "    return urllib.request.urlopen(url).read()", ""]);
    expect(finding.message).toBe(
      "`urllib.request.urlopen` has no timeout: it uses the socket module's default, which is no timeout at all unless `socket.setdefaulttimeout` was called, so a stalled server blocks this thread forever. Pass `timeout=` (seconds).",
    );
  });

  it("says what websockets' ping_timeout=None loses", () => {
    const [finding] = lint(["import websockets", "", "async def listen(uri):", "    async with websockets.connect(uri, ping_timeout=None) as ws:", "        await ws.recv()", ""]);
    expect(finding.message).toBe(
      "`websockets.connect` turns its timeout off with `ping_timeout=None`: a connection whose peer vanished without closing it (a dropped network, a frozen server) is never detected, so `recv()` and `async for` on it wait forever. Leave `ping_timeout` out (the default is 20 seconds) or give a number.",
    );
  });
});
