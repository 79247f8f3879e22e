import { describe, expect, it } from "vitest";
import { truncateForDisplay } from "./display";

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
