import { describe, expect, it } from "vitest";
import { type ReceiverPath, sessionDepth, shareReceiver } from "./receiver-sharing";

const SESSIONS = ["tx", "session", "conn", "client", "db"];
const isSession = (name: string) => SESSIONS.includes(name.toLowerCase());

/** `this.db.users` → root `this`, segments [db, users]; a leading `()` marks a called root (`make().get`). */
function path(text: string): ReceiverPath<string> {
  const rootCalled = text.includes("()");
  const [rootName, ...segments] = text.replace("()", "").split(".");
  return { root: rootName, rootName, segments, rootCalled };
}
const share = (a: string, b: string) => shareReceiver(path(a), path(b), isSession);

describe("receiver sharing", () => {
  it("a session anywhere in the path: everything below it shares it", () => {
    expect(share("tx.users", "tx.posts")).toBe(true);
    expect(share("this.session.users", "this.session.posts")).toBe(true);
    expect(share("self._db.users", "self._db.orders")).toBe(true);
    expect(share("this.#conn.users", "this.#conn")).toBe(true);
    expect(share("_session.users", "_session.posts")).toBe(true);
  });

  it("the first session name from the root counts: `client.session` and `client.cache` share `client`", () => {
    expect(share("client.session", "client.cache")).toBe(true);
    expect(sessionDepth(path("client.session"), isSession)).toBe(0);
    expect(sessionDepth(path("api.session.users"), isSession)).toBe(1);
    expect(sessionDepth(path("this.users"), isSession)).toBeUndefined();
  });

  it("different objects share nothing: other roots, other sessions, a session beside something else", () => {
    expect(share("tx.users", "other.users")).toBe(false);
    expect(shareReceiver({ ...path("tx.users"), root: "tx#1" }, { ...path("tx.users"), root: "tx#2" }, isSession)).toBe(false);
    expect(share("this.primary.session", "this.replica.session")).toBe(false);
    expect(share("api.session", "api.cache")).toBe(false);
    expect(share("this.users", "this.posts")).toBe(false);
  });

  it("without a session: one object when one path is a prefix of the other; a called root is a fresh object each time", () => {
    expect(share("this.users", "this.users")).toBe(true);
    expect(share("this", "this.users")).toBe(true);
    expect(share("make().users", "make().posts")).toBe(false);
    expect(share("knex()", "knex")).toBe(true);
  });
});
