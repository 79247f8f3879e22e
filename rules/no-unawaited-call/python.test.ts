import { beforeAll, describe, expect, it } from "vitest";
import { fixesOf } from "../core/fixes";
import { lintFixture } from "../core/testing/fixtures";
import { initPython } from "../lang/python/parser";

beforeAll(() => initPython());

const lint = (lines: string[]) => lintFixture("no-unawaited-call", "/virtual/tasks.py", lines.join("\n"), "syntax").findings;

describe("no-unawaited-call (Python): dropped-task messages", () => {
  it("says what happens to a dropped task: weak reference, collection mid-flight, the log line asyncio writes", () => {
    const [finding] = lint(["import asyncio", "", "async def run(work):", "    asyncio.create_task(work())", ""]);
    expect(finding.message).toBe(
      'The task from `asyncio.create_task(...)` is not kept: the event loop holds only a weak reference, so the task can be garbage-collected before it finishes, and if it fails asyncio only logs "Task exception was never retrieved" when it is collected. Keep a reference (a set with a done-callback) or use an `asyncio.TaskGroup`.',
    );
    expect(fixesOf(finding).map((f) => f.title)).toEqual(["Keep a reference to the task in _background_tasks"]);
  });

  it("names the unread local (every name of a chain) and offers no fix", () => {
    const findings = lint(["import asyncio", "", "async def run(work):", "    task = asyncio.create_task(work())", "    a = b = asyncio.ensure_future(work())", ""]);
    expect(findings.map((f) => [f.location.line, f.location.column, f.message.slice(0, f.message.indexOf(" but never read"))])).toEqual([
      [4, 12, "The task from `asyncio.create_task(...)` is stored in `task`"],
      [5, 13, "The task from `asyncio.ensure_future(...)` is stored in `a` and `b`"],
    ]);
    expect(findings.flatMap((f) => fixesOf(f))).toEqual([]);
  });

  it("tells a dropped generator from a dropped list: the generator never starts the task", () => {
    const findings = lint(["import asyncio", "", "async def run(work, items):", "    (asyncio.create_task(work(i)) for i in items)", "    [asyncio.create_task(work(i)) for i in items]", ""]);
    expect(findings.map((f) => [f.location.line, f.message.split(",")[0]])).toEqual([
      [4, "This generator expression is dropped without being iterated"],
      [5, "The task from `asyncio.create_task(...)` is not kept: the event loop holds only a weak reference"],
    ]);
  });
});
