import { describe, expect, it } from "vitest";
import { plainTitle, truncateForDisplay } from "./display";

describe("truncateForDisplay", () => {
  const sixty = "a".repeat(60);

  it("keeps text of at most 60 characters", () => {
    expect(truncateForDisplay("fs.readFileSync")).toBe("fs.readFileSync");
    expect(truncateForDisplay(sixty)).toBe(sixty);
  });

  it("cuts longer text to 57 characters and '...'", () => {
    const text = "b".repeat(57) + "cccc";
    expect(truncateForDisplay(text)).toBe("b".repeat(57) + "...");
    expect(truncateForDisplay(text)).toHaveLength(60);
  });

  it("keeps the end instead when asked", () => {
    expect(truncateForDisplay("cccc" + "b".repeat(57), { keep: "end" })).toBe("..." + "b".repeat(57));
  });

  it("takes another limit", () => {
    expect(truncateForDisplay("d".repeat(40), { maxLength: 40 })).toBe("d".repeat(40));
    expect(truncateForDisplay("d".repeat(41), { maxLength: 40 })).toBe("d".repeat(37) + "...");
  });
});

describe("plainTitle", () => {
  it("quotes code with single quotes instead of backticks, for menus that render no markdown", () => {
    expect(plainTitle("Add `signal: AbortSignal.timeout(10000)`")).toBe("Add 'signal: AbortSignal.timeout(10000)'");
    expect(plainTitle("Wrap it in `asyncio.wait_for(..., timeout=10)` and `await` it")).toBe("Wrap it in 'asyncio.wait_for(..., timeout=10)' and 'await' it");
    expect(plainTitle("Use await fs.promises.stat()")).toBe("Use await fs.promises.stat()");
  });
});
