import axios from "axios";

const PAYMENTS_URL = "https://payments.example.com";
const TIMEOUT_MS = 5_000;

export interface Charge {
  id: string;
  status: "pending" | "succeeded" | "failed";
}

/** Looks up a charge: if the payment provider stalls, this request (and the order page waiting on it) hangs. */
export async function getCharge(chargeId: string): Promise<Charge> {
  const response = await fetch(`${PAYMENTS_URL}/charges/${chargeId}`, {
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`payments: ${response.status}`);
  return (await response.json()) as Charge;
}

/** The correct twin: the request is aborted after TIMEOUT_MS and the caller gets a TimeoutError to handle. */
export async function getChargeWithTimeout(chargeId: string): Promise<Charge> {
  const response = await fetch(`${PAYMENTS_URL}/charges/${chargeId}`, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`payments: ${response.status}`);
  return (await response.json()) as Charge;
}

const shipping = axios.create({ baseURL: "https://shipping.example.com" });

/** Books a courier: axios' default timeout is 0, so a stalled shipping API holds the checkout forever. */
export async function bookCourier(orderId: string, address: string): Promise<string> {
  const { data } = await shipping.post<{ trackingId: string }>("/bookings", { orderId, address });
  return data.trackingId;
}

/** The correct twin: an instance created with a timeout gives every call on it one. */
const boundedShipping = axios.create({ baseURL: "https://shipping.example.com", timeout: TIMEOUT_MS });

export async function bookCourierWithTimeout(orderId: string, address: string): Promise<string> {
  const { data } = await boundedShipping.post<{ trackingId: string }>("/bookings", { orderId, address });
  return data.trackingId;
}
