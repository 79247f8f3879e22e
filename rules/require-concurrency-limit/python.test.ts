import { beforeAll, describe, expect, it } from "vitest";
import { lintFixture } from "../core/testing/fixtures";
import { initPython } from "../lang/python/parser";

beforeAll(() => initPython());

const lint = (lines: string[]) => lintFixture("require-concurrency-limit", "/virtual/fan_out.py", lines.join("\n"), "syntax").findings;

describe("require-concurrency-limit (Python): messages", () => {
  it("names the combinator, the collection and the I/O reached through a same-file coroutine, and points at the element's call", () => {
    const [finding, ...rest] = lint([
      "import asyncio",
      "import aiohttp",
      "",
      "async def fetch(session, url):",
      "    async with session.get(url) as response:",
      "        return await response.read()",
      "",
      "async def crawl(urls):",
      "    async with aiohttp.ClientSession() as session:",
      "        return await asyncio.gather(*[fetch(session, url) for url in urls])",
      "",
    ]);
    expect(rest).toEqual([]);
    expect(finding.severity).toBe("info");
    expect(finding.message).toBe(
      "`asyncio.gather` starts `fetch()` (it calls `session.get()`) for every element of `urls` at once: nothing bounds how many run together. Acquire an `asyncio.Semaphore` in the coroutine, or have a fixed number of workers take items from an `asyncio.Queue`.",
    );
    expect([finding.location.line, finding.location.column, finding.location.endColumn]).toEqual([10, 22, 36]);
    expect(finding.related.map((r) => [r.location.line, r.location.column, r.message])).toEqual([[10, 39, "The I/O started for each element."]]);
    expect(finding.fixes).toEqual([]);
  });

  it("describes two levels of calls, a direct I/O call, and a task group spawn", () => {
    const messages = lint([
      "import asyncio",
      "import httpx",
      "",
      "async def get(client: httpx.AsyncClient, path):",
      "    return await client.get(path)",
      "",
      "async def load(client: httpx.AsyncClient, path):",
      "    return (await get(client, path)).json()",
      "",
      "async def main(client: httpx.AsyncClient, paths, long_collection_name_for_the_paths_of_this_run):",
      "    await asyncio.gather(*[load(client, p) for p in paths])",
      "    await asyncio.wait([asyncio.create_task(client.get(p)) for p in long_collection_name_for_the_paths_of_this_run])",
      "    async with asyncio.TaskGroup() as tg:",
      "        for p in paths:",
      "            tg.create_task(client.delete(p))",
      "",
    ]).map((f) => f.message.split(": nothing bounds")[0]);
    expect(messages).toEqual([
      "`asyncio.gather` starts `load()` (it calls `client.get()` through `get()`) for every element of `paths` at once",
      "`asyncio.wait` starts `client.get()` for every element of `long_collection_name_for_the_paths_of...` at once",
      "`tg.create_task` starts `client.delete()` for every element of `paths` at once",
    ]);
  });
});
