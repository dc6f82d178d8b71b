import { describe, expect, it } from "vitest";
import { appendCapped } from "./log-buffer.js";

describe("appendCapped", () => {
  it("appends while under the limit", () => {
    expect(appendCapped("one\n", "two\n", 100)).toBe("one\ntwo\n");
  });

  it("drops whole lines from the start past the limit", () => {
    expect(appendCapped("first line\nsecond\n", "third\n", 14)).toBe("second\nthird\n");
    expect(appendCapped("first line\nsecond\n", "third\n", 10)).toBe("third\n");
    expect(appendCapped("aaaa\nbb\n", "cc\n", 7)).toBe("bb\ncc\n");
  });

  it("cuts mid-line when a single line is longer than the limit", () => {
    expect(appendCapped("", "abcdefghij", 4)).toBe("ghij");
  });
});
