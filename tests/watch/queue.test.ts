import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChangeQueue, merge, type Change, type FileEvent } from "../../src/watch/queue.js";

const EVENTS: FileEvent[] = ["add", "change", "unlink"];

/** What a sequence of events asks for, from first principles: the last event wins. */
const action = (events: readonly FileEvent[]) => (events[events.length - 1] === "unlink" ? "drop" : "read");
/** Whether a file existed before the first event; `unlink` forgets it (see merge), so only while none came. */
const existedBefore = (events: readonly FileEvent[]) => (events.includes("unlink") ? undefined : events[0] !== "add");

describe("merge: the net change of an older and a newer change to one path", () => {
  it.each([
    ["add", "add", "add"],
    ["add", "change", "add"],
    ["add", "unlink", "unlink"],
    ["change", "add", "change"],
    ["change", "change", "change"],
    ["change", "unlink", "unlink"],
    ["unlink", "add", "change"],
    ["unlink", "change", "change"],
    ["unlink", "unlink", "unlink"],
  ] as const)("%s then %s is %s", (older, newer, net) => {
    expect(merge(older, newer)).toBe(net);
  });
  it("is associative in what it does (read the file or drop it), so how a burst is split does not matter", () => {
    const action = (c: Change) => (c === "unlink" ? "drop" : "read");
    for (const a of EVENTS) for (const b of EVENTS) for (const c of EVENTS) {
      expect(action(merge(merge(a, b), c))).toBe(action(merge(a, merge(b, c))));
    }
  });
});

describe("ChangeQueue", () => {
  it("keeps one net change per path, in order of first arrival", () => {
    const q = new ChangeQueue();
    q.push("b.md", "add");
    q.push("a.md", "change");
    q.push("b.md", "change");
    q.push("c.md", "add");
    q.push("c.md", "unlink");
    expect([...q.take().changes]).toEqual([["b.md", "add"], ["a.md", "change"], ["c.md", "unlink"]]);
  });
  it("turns a rename into one batch: the old name removed, the new one added", () => {
    const q = new ChangeQueue();
    q.push("old.md", "unlink");
    q.push("new.md", "add");
    const batch = q.take();
    expect(Object.fromEntries(batch.changes)).toEqual({ "old.md": "unlink", "new.md": "add" });
  });
  it("turns an editor's save (unlink, then add of the same name) into a change", () => {
    const q = new ChangeQueue();
    q.push("a.md", "unlink");
    q.push("a.md", "add");
    expect(q.take().changes.get("a.md")).toBe("change");
  });
  it("empties on take, and carries rescan and wake requests once", () => {
    const q = new ChangeQueue();
    expect(q.empty).toBe(true);
    q.requestWake();
    expect(q.empty).toBe(false);
    q.requestRescan();
    expect(q.take()).toEqual({ changes: new Map(), rescan: true, wake: true });
    expect(q.empty).toBe(true);
    expect(q.take()).toEqual({ changes: new Map(), rescan: false, wake: false });
  });
  it("merges 500 files dropped at once into one batch, none lost", () => {
    const q = new ChangeQueue();
    for (let i = 0; i < 500; i++) q.push(`s${i}.md`, "add");
    for (let i = 0; i < 500; i += 2) q.push(`s${i}.md`, "change");
    expect(q.size).toBe(500);
    const batch = q.take();
    expect(batch.changes.size).toBe(500);
    expect([...batch.changes.values()].every((c) => c === "add")).toBe(true);
  });
  it("puts a held batch back under the events that arrived since", () => {
    const q = new ChangeQueue();
    q.push("a.md", "add");
    q.push("b.md", "change");
    const held = q.take();
    q.push("a.md", "unlink"); // arrived while the batch was held
    q.push("c.md", "add");
    q.putBack(held);
    expect(Object.fromEntries(q.take().changes)).toEqual({ "a.md": "unlink", "b.md": "change", "c.md": "add" });
  });
  it("reads or drops each path as its last event says, however events are split between take and putBack (property)", () => {
    const event = fc.record({ path: fc.constantFrom("a.md", "b.md", "c.md"), event: fc.constantFrom(...EVENTS) });
    fc.assert(fc.property(fc.array(event, { maxLength: 40 }), fc.nat(), fc.boolean(), (events, cut, wake) => {
      const split = events.length === 0 ? 0 : cut % (events.length + 1);
      const q = new ChangeQueue();
      for (const e of events.slice(0, split)) q.push(e.path, e.event);
      if (wake) q.requestWake();
      const held = q.take();
      for (const e of events.slice(split)) q.push(e.path, e.event);
      q.putBack(held);
      const got = q.take();
      const byPath = new Map<string, FileEvent[]>();
      for (const e of events) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e.event]);
      expect([...got.changes.keys()].sort()).toEqual([...byPath.keys()].sort());
      for (const [path, es] of byPath) {
        const change = got.changes.get(path)!;
        expect(change === "unlink" ? "drop" : "read").toBe(action(es));
        const before = existedBefore(es);
        if (before !== undefined) expect(change).toBe(before ? "change" : "add");
      }
      expect(got.wake).toBe(wake);
    }));
  });
});
