/** The watcher's debounce and settle schedule, on a fake clock: every time is passed in. */
import { describe, expect, it } from "vitest";
import { MAX_HOLD_MS, MAX_WAIT_MS, QUIET_MS, Schedule, UNLINK_GRACE_MS } from "../../src/watch/schedule.js";

const SETTLE = 20;

describe("Schedule.due", () => {
  it("waits for a quiet spell after a burst of events, and for a written file to settle", () => {
    const s = new Schedule(SETTLE);
    s.event("add", "a.md", "1:1:1", 0);
    s.event("add", "b.md", "1:1:2", 5);
    // b.md was written at 5: it must stand still for SETTLE, longer than the quiet spell.
    expect(s.due()).toBe(5 + Math.max(QUIET_MS, SETTLE));
  });

  it("lets a removal wait for what follows it, as an editor's save or a rename sends it", () => {
    const s = new Schedule(SETTLE);
    s.event("unlink", "a.md", undefined, 100);
    expect(s.due()).toBe(100 + UNLINK_GRACE_MS);
  });

  it("never waits longer than MAX_WAIT_MS from the first pending event, however steady the stream", () => {
    const s = new Schedule(SETTLE);
    for (let t = 0; t <= 1000; t += 5) s.event("change", "a.md", `${t}:1:1`, t);
    expect(s.due()).toBe(MAX_WAIT_MS);
  });

  it("does not count an event that changed nothing as a write", () => {
    const s = new Schedule(SETTLE);
    s.event("change", "a.md", "1:1:1", 0);
    s.begin();
    s.event("change", "a.md", "1:1:1", 50); // a touch that moved nothing seen: only the quiet spell
    expect(s.due()).toBe(50 + QUIET_MS);
  });
});

describe("Schedule.stillChanging and hold", () => {
  it("holds a batch while a file keeps changing, then lets it through once it stood still for settleMs", () => {
    const s = new Schedule(SETTLE);
    s.event("add", "a.md", "1:1:1", 0);
    const since = s.begin();
    // At 10 the file has grown: held, and the whole batch waits.
    let held = s.stillChanging(new Map([["a.md", "2:2:1"]]), 10);
    expect(held).toEqual(["a.md"]);
    expect(s.hold(held, since, 10)).toBe("all");
    expect(s.due()).toBeGreaterThanOrEqual(10 + SETTLE);
    // At 25 unchanged since 10, but for less than SETTLE: still held.
    held = s.stillChanging(new Map([["a.md", "2:2:1"]]), 25);
    expect(s.hold(held, s.begin(), 25)).toBe("all");
    // At 31 it has stood still for SETTLE: the batch goes.
    held = s.stillChanging(new Map([["a.md", "2:2:1"]]), 31);
    expect(held).toEqual([]);
    expect(s.hold(held, s.begin(), 31)).toBe("none");
  });

  it("stops holding the whole batch after MAX_HOLD_MS: the rest goes, the file still written waits", () => {
    const s = new Schedule(SETTLE);
    s.event("add", "slow.md", "1:1:1", 0);
    let t = 0;
    let verdict = "all";
    for (let size = 2; verdict === "all"; size++) {
      t += SETTLE;
      verdict = s.hold(s.stillChanging(new Map([["slow.md", `${size}:${size}:1`]]), t), s.begin(), t);
    }
    expect(verdict).toBe("some");
    expect(t).toBeGreaterThanOrEqual(MAX_HOLD_MS);
  });

  it("skips files gone since the event: reading them will say so", () => {
    const s = new Schedule(SETTLE);
    s.event("change", "a.md", "1:1:1", 0);
    expect(s.stillChanging(new Map([["a.md", undefined]]), 100)).toEqual([]);
  });

  it("makes a file read and seen moving afterwards settle anew", () => {
    const s = new Schedule(SETTLE);
    s.event("add", "a.md", "1:1:1", 0);
    s.begin();
    s.read("a.md");
    s.moved("a.md", "5:5:1", 80);
    expect(s.due()).toBe(80 + SETTLE);
    expect(s.stillChanging(new Map([["a.md", "5:5:1"]]), 90)).toEqual(["a.md"]);
    expect(s.stillChanging(new Map([["a.md", "5:5:1"]]), 100)).toEqual([]);
  });
});
