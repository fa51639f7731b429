import { describe, expect, it } from "vitest";
import { remembered } from "../../src/serve/memo.js";

describe("remembered", () => {
  it("works a value out once, answers undefined results from memory too, and starts afresh past its bound", () => {
    const calls: (string | undefined)[] = [];
    const f = remembered((k) => { calls.push(k); return k === "none" ? undefined : `${k}!`; }, 3);
    expect([f("a"), f("a"), f("none"), f("none"), f(undefined), f(undefined)]).toEqual(["a!", "a!", undefined, undefined, "undefined!", "undefined!"]);
    expect(calls).toEqual(["a", "none", undefined]);
    f("b"); // the fourth key: the memory is cleared, then holds "b" alone
    f("a");
    expect(calls).toEqual(["a", "none", undefined, "b", "a"]);
  });
});
