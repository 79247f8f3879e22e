import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

interface Settings {
  currency: string;
  taxRate: number;
}

/** A synchronous helper: fine at startup, but it blocks whenever async code calls it. */
function readSettingsFile(path: string): Settings {
  return JSON.parse(readFileSync(path, "utf8")) as Settings;
}

function currentSettings(): Settings {
  return readSettingsFile(process.env.SETTINGS_PATH ?? "settings.json");
}

/** Prices an order per request: the settings file is read synchronously two helpers down. */
export async function priceOrder(amount: number): Promise<number> {
  const { taxRate } = currentSettings();
  return amount * (1 + taxRate);
}

/** The correct twin: an async version of the helper, awaited. */
async function currentSettingsAsync(): Promise<Settings> {
  return JSON.parse(await readFile(process.env.SETTINGS_PATH ?? "settings.json", "utf8")) as Settings;
}

export async function priceOrderAsync(amount: number): Promise<number> {
  const { taxRate } = await currentSettingsAsync();
  return amount * (1 + taxRate);
}

/** Read once at startup, before the server accepts requests: not async code, not flagged. */
export const startupSettings = currentSettings();
