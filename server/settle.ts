// Yielding to the message loop between steps of work, so what the client sent meanwhile is handled first.

/**
 * Lets messages that arrived while a lint ran be handled before its result is sent, so a result is not sent
 * for a version the client has already replaced. The JSON-RPC reader decodes a message on one turn of the
 * event loop and the connection dispatches it on the next, so the first queued message (while typing, the
 * next edit; in pull mode, the request's cancellation) is handled within three turns; four leave a margin.
 * Idle, this costs microseconds.
 */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 4; turn++) await new Promise((resolve) => setImmediate(resolve));
}
