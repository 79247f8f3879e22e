// Async code handed to something that does not wait for it (no-misused-async), each beside its correct twin.

interface Customer {
  id: string;
  email: string;
}

async function sendEmail(to: string, subject: string): Promise<void> {
  const response = await fetch("https://mail.example.com/v1/send", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ to, subject }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`mail to ${to} failed: ${response.status}`);
}

async function isSubscribed(customer: Customer): Promise<boolean> {
  const response = await fetch(`https://crm.example.com/v1/subscriptions/${customer.id}`, { signal: AbortSignal.timeout(5_000) });
  return response.ok;
}

/** `forEach` ignores the callbacks' promises: this returns before a single mail is sent, and a failure is unhandled. */
export async function mailEveryone(customers: Customer[]): Promise<void> {
  customers.forEach(async (customer) => {
    await sendEmail(customer.email, "Our spring sale");
  });
}

/** The correct twin: one mail after another, and the caller sees a failure. */
export async function mailEveryoneInOrder(customers: Customer[]): Promise<void> {
  for (const customer of customers) {
    await sendEmail(customer.email, "Our spring sale");
  }
}

/** A promise is always truthy: every customer gets the newsletter, subscribed or not. */
export async function mailIfSubscribed(customer: Customer): Promise<void> {
  if (isSubscribed(customer)) await sendEmail(customer.email, "Newsletter");
}

/** The correct twin: the answer is awaited before it is tested. */
export async function mailIfSubscribedAwaited(customer: Customer): Promise<void> {
  if (await isSubscribed(customer)) await sendEmail(customer.email, "Newsletter");
}

/** An async executor: if `sendEmail` fails, the promise never settles and the failure is unhandled. */
export function welcome(customer: Customer): Promise<string> {
  return new Promise(async (resolve) => {
    await sendEmail(customer.email, "Welcome");
    resolve(customer.id);
  });
}

/** The correct twin: an async function is already a promise. */
export async function welcomeAsync(customer: Customer): Promise<string> {
  await sendEmail(customer.email, "Welcome");
  return customer.id;
}

/** The promise is returned before it settles, so the `catch` never sees a failed mail. */
export async function remind(customer: Customer): Promise<boolean> {
  try {
    return sendEmail(customer.email, "Reminder").then(() => true);
  } catch {
    return false;
  }
}

/** The correct twin: `return await` keeps the promise inside the `try`. */
export async function remindAwaited(customer: Customer): Promise<boolean> {
  try {
    return await sendEmail(customer.email, "Reminder").then(() => true);
  } catch {
    return false;
  }
}
