import { setTimeout as sleep } from "node:timers/promises";

export interface LineItem {
  sku: string;
  quantity: number;
}
export interface Order {
  id: string;
  customerId: string;
  currency: string;
  items: LineItem[];
}
export interface Customer {
  id: string;
  name: string;
  loyaltyTier: "basic" | "gold";
}
export interface Product {
  sku: string;
  title: string;
  price: number;
}
export interface Shipment {
  orderId: string;
  carrier: string;
}

// In-memory stand-ins for the service's data sources; each call costs a round trip, as a database would.
const ROUND_TRIP_MS = 20;
const orders = new Map<string, Order>();
const customers = new Map<string, Customer>();
const products = new Map<string, Product>();
const shipments: Shipment[] = [];
const payments: { orderId: string; amount: number }[] = [];

async function findOrder(id: string): Promise<Order> {
  await sleep(ROUND_TRIP_MS);
  const order = orders.get(id);
  if (!order) throw new Error(`no order ${id}`);
  return order;
}

async function findCustomer(id: string): Promise<Customer> {
  await sleep(ROUND_TRIP_MS);
  return customers.get(id) ?? { id, name: "guest", loyaltyTier: "basic" };
}

async function findProduct(sku: string): Promise<Product> {
  await sleep(ROUND_TRIP_MS);
  return products.get(sku) ?? { sku, title: "unknown", price: 0 };
}

async function findProducts(skus: readonly string[]): Promise<Product[]> {
  await sleep(ROUND_TRIP_MS);
  return skus.map((sku) => products.get(sku) ?? { sku, title: "unknown", price: 0 });
}

async function exchangeRate(currency: string): Promise<number> {
  await sleep(ROUND_TRIP_MS);
  return currency === "EUR" ? 1 : 1.08;
}

async function shipmentsOf(orderId: string): Promise<Shipment[]> {
  await sleep(ROUND_TRIP_MS);
  return shipments.filter((s) => s.orderId === orderId);
}

async function recordPayment(orderId: string, amount: number): Promise<number> {
  await sleep(ROUND_TRIP_MS);
  return payments.push({ orderId, amount });
}

/** The order page: three independent lookups awaited one after another take three round trips. */
export async function orderSummary(orderId: string, customerId: string, currency: string) {
  const order = await findOrder(orderId);
  const customer = await findCustomer(customerId);
  const rate = await exchangeRate(currency);
  return { order, customer, rate };
}

/** The correct twin: one round trip. */
export async function orderSummaryConcurrent(orderId: string, customerId: string, currency: string) {
  const [order, customer, rate] = await Promise.all([findOrder(orderId), findCustomer(customerId), exchangeRate(currency)]);
  return { order, customer, rate };
}

/** Line items priced one product at a time: a round trip per item, each waiting for the one before. */
export async function pricedItems(order: Order) {
  const priced: { item: LineItem; product: Product }[] = [];
  for (const item of order.items) {
    const product = await findProduct(item.sku);
    priced.push({ item, product });
  }
  return priced;
}

/** The correct twin: one lookup for all the order's products, a single round trip. */
export async function pricedItemsConcurrent(order: Order) {
  const found = await findProducts(order.items.map((item) => item.sku));
  return order.items.map((item, i) => ({ item, product: found[i] }));
}

/** Checkout: each await needs the result of the one before, and the last one writes. Nothing to report. */
export async function checkout(orderId: string) {
  const order = await findOrder(orderId);
  const priced = await pricedItemsConcurrent(order);
  const total = priced.reduce((sum, { item, product }) => sum + item.quantity * product.price, 0);
  const paymentNumber = await recordPayment(order.id, total);
  return { orderId: order.id, total, paymentNumber };
}

/** Polling for a shipment: each attempt waits for the previous one and a pause; not independent. */
export async function waitForShipment(orderId: string, attempts = 5): Promise<Shipment | undefined> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const found = await shipmentsOf(orderId);
    if (found.length > 0) return found[0];
    await sleep(ROUND_TRIP_MS * 2 ** attempt);
  }
  return undefined;
}
