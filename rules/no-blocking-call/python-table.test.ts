import { describe, expect, it } from "vitest";
import type { PyBlockingCallSpec } from "../knowledge/python-blocking";
import { PyBlockingTable } from "./python";

describe("PyBlockingTable", () => {
  const spec = (fields: Partial<PyBlockingCallSpec>): PyBlockingCallSpec => ({ reason: "r", replacement: "x", ...fields });
  const table = new PyBlockingTable([
    spec({ type: "T", member: "read" }),
    spec({ callee: "os.*" }),
    spec({ callee: "os.system" }),
    spec({ type: "U", member: "*" }),
    spec({ callee: "os.system" }),
    spec({ type: "T", member: "write" }),
  ]);

  // The first spec that matches wins: candidates from the name, the wildcards and the type come in table order.
  it("gives the specs a call may match, in table order", () => {
    expect(table.candidates("os.system", "T")).toEqual([0, 1, 2, 4, 5]);
    expect(table.candidates("os.system", undefined)).toEqual([1, 2, 4]);
    expect(table.candidates(undefined, "T")).toEqual([0, 5]);
    expect(table.candidates("json.loads", "U")).toEqual([1, 3]);
    expect(table.candidates(undefined, undefined)).toEqual([]);
  });
});
