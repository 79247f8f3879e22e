import { appendFile } from "node:fs/promises";

const PUSH_ENDPOINT = "https://push.example.com/v1/send";
const BATCH_SIZE = 20;

interface Order {
  id: string;
  customerId: string;
  total: number;
}

async function sendPush(customerId: string, message: string): Promise<void> {
  const response = await fetch(PUSH_ENDPOINT, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ customerId, message }),
  });
  if (!response.ok) throw new Error(`push to ${customerId} failed: ${response.status}`);
}

async function recordAudit(order: Order): Promise<void> {
  await appendFile("audit.log", `${new Date().toISOString()} confirmed ${order.id}\n`);
}

/**
 * Confirms an order: the audit write is dropped, so a full disk becomes an unhandled rejection
 * (which stops the process) and the response goes out before the audit line is written.
 */
export async function confirmOrder(order: Order): Promise<string> {
  recordAudit(order);
  await sendPush(order.customerId, `Order ${order.id} confirmed`);
  return order.id;
}

/** The correct twin: the audit line is written before the order counts as confirmed. */
export async function confirmOrderAwaited(order: Order): Promise<string> {
  await recordAudit(order);
  await sendPush(order.customerId, `Order ${order.id} confirmed`);
  return order.id;
}

/** Background work that is meant to run on its own says so, and handles its own failure. */
export function confirmOrderInBackground(order: Order): void {
  recordAudit(order).catch((error) => console.error(`audit of ${order.id} failed`, error));
}

/**
 * Announces a sale to every customer: one push request per customer, all at once. With 50,000 customers
 * that is 50,000 sockets and an instant rate-limit ban from the push provider.
 */
export async function announceSale(customerIds: string[], message: string): Promise<void> {
  await Promise.all(customerIds.map((id) => sendPush(id, message)));
}

/** The correct twin: at most BATCH_SIZE requests in flight, one chunk after another. */
export async function announceSaleInBatches(customerIds: string[], message: string): Promise<void> {
  for (let start = 0; start < customerIds.length; start += BATCH_SIZE) {
    const batch = customerIds.slice(start, start + BATCH_SIZE);
    await Promise.all(batch.map((id) => sendPush(id, message)));
  }
}
