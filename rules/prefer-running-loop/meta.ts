import type { RuleMeta } from "../core/model";
import { mentionsAny } from "../core/prescan";

export type PreferRunningLoopOptions = Record<string, never>;

export type PreferRunningLoopMessageId = "preferRunningLoop";

export const meta: RuleMeta<PreferRunningLoopMessageId, PreferRunningLoopOptions, "prefer-running-loop"> = {
  id: "prefer-running-loop",
  description: "Prefer `asyncio.get_running_loop()` to `asyncio.get_event_loop()` inside coroutines.",
  why: "Inside a coroutine the loop is known: `get_running_loop()` returns it and can never create or pick another one, while `get_event_loop()` goes through the event loop policy and is deprecated wherever no loop runs.",
  defaultSeverity: "warning",
  languages: ["python"],
  typeInformation: "none",
  fixable: "safe",
  messages: {
    preferRunningLoop:
      "`{{callee}}()` inside async {{context}}: use `{{replacement}}()`, which returns the loop running this coroutine and never creates one; `get_event_loop()` depends on the event loop policy and is deprecated where no loop runs.",
  },
  optionsSchema: { type: "object", additionalProperties: false, properties: {} },
  defaultOptions: {},
  // Every finding is inside an `async def`.
  prescan: { python: mentionsAny(["async"]) },
};
