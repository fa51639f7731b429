import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fullCollector, Rest, REST_MS } from "../../src/watch/rest.js";

describe("Rest", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const counting = () => {
    const calls = { n: 0 };
    return { calls, collector: () => () => void calls.n++ };
  };

  it("collects twice once REST_MS pass after a rebuild, and not again until the next rebuild", () => {
    const { calls, collector } = counting();
    const rest = new Rest(() => false, collector);
    rest.rebuilt();
    vi.advanceTimersByTime(REST_MS - 1);
    expect(calls.n).toBe(0);
    vi.advanceTimersByTime(1);
    expect(calls.n).toBe(2);
    vi.advanceTimersByTime(10 * REST_MS);
    expect(calls.n).toBe(2);
  });

  it("waits while events keep coming, and skips a collection that would land inside a rebuild", () => {
    const { calls, collector } = counting();
    let busy = false;
    const rest = new Rest(() => busy, collector);
    rest.rebuilt();
    vi.advanceTimersByTime(REST_MS / 2);
    rest.cancel(); // an event: the next rebuild arms it again
    vi.advanceTimersByTime(2 * REST_MS);
    expect(calls.n).toBe(0);
    rest.rebuilt();
    busy = true;
    vi.advanceTimersByTime(REST_MS);
    expect(calls.n).toBe(0);
  });

  it("finds the runtime's full collector without a command-line flag", () => {
    const gc = fullCollector();
    expect(typeof gc).toBe("function");
    expect(() => gc!()).not.toThrow();
  });
});
