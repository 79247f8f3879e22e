// Whether two method calls act on one object, decided from the paths of their receivers alone: the reason two
// awaits on one session, connection or transaction must keep their order. Language-neutral: each front end
// describes a receiver as the binding its chain starts from and the property names below it, and says which names
// denote a session.

/** The object a method is called on: `this.db.users.find(...)` → root `this`, segments [db, users]. */
export interface ReceiverPath<Root = unknown> {
  /** The binding the chain starts from, compared by identity (a key, a node). */
  root: Root;
  /** The root as written (`tx`, `self`, `this`); empty when it is not a name. */
  rootName: string;
  /** Property names from the root to the object the first method in the chain is called on. */
  segments: readonly string[];
  /** The chain starts by calling the root itself (`fetch(url).then`, `session_factory().execute`). */
  rootCalled: boolean;
}

/**
 * Calls on one receiver keep their order, and so do calls anywhere under one session: `tx.users.find()` and
 * `tx.posts.create()` run on one transaction, as do `this.session.users.get()` and `this.session.posts.get()`, or
 * `self._db.users.find()` and `self._db.orders.find()`. A session is recognised by its name at any depth of the
 * path, not only at its root: an object reached through a property (`this.db`, `client.session`) is the same
 * session for every call that reaches it the same way, and the connection does not become safe to share because
 * it is stored on `this`. The first session name from the root counts, so everything under `client` in
 * `client.session.get()` shares `client`; two different sessions (`self.a.conn`, `self.b.conn`) do not share.
 * Leading `_`/`#` (private by convention or by syntax) do not change a name.
 */
export function shareReceiver<Root>(a: ReceiverPath<Root>, b: ReceiverPath<Root>, isSessionName: (name: string) => boolean): boolean {
  if (a.root !== b.root) return false;
  const session = sessionDepth(a, isSessionName);
  if (session !== undefined && session === sessionDepth(b, isSessionName) && isPrefix(a.segments.slice(0, session), b.segments)) return true;
  // Two calls of the root make two fresh objects (`fetch(a).then`, `fetch(b).then`); a root used both as a
  // function and as an object (`knex("t").select()`, `knex.raw()`) is one object.
  if (a.rootCalled || b.rootCalled) return a.rootCalled !== b.rootCalled;
  return isPrefix(a.segments, b.segments) || isPrefix(b.segments, a.segments);
}

/** How many segments lead to the first session name: 0 when the root is one, undefined when no name is one. */
export function sessionDepth(receiver: ReceiverPath, isSessionName: (name: string) => boolean): number | undefined {
  if (isSessionName(withoutPrivacyPrefix(receiver.rootName))) return 0;
  const index = receiver.segments.findIndex((segment) => isSessionName(withoutPrivacyPrefix(segment)));
  return index < 0 ? undefined : index + 1;
}

function withoutPrivacyPrefix(name: string): string {
  return name.replace(/^[_#]+/, "");
}

function isPrefix(a: readonly string[], b: readonly string[]): boolean {
  return a.length <= b.length && a.every((segment, i) => segment === b[i]);
}
