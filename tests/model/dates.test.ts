import { describe, expect, it } from "vitest";
import { isTimeZone, parseDate } from "../../src/model/dates.js";

const iso = (s: string, zone = "UTC") => {
  const r = parseDate(s, zone);
  return r.ok ? r.date.toISOString() : `error: ${r.message}`;
};

describe("parseDate", () => {
  it("reads explicit offsets and Z", () => {
    expect(iso("2026-11-20T09:15:00+01:00")).toBe("2026-11-20T08:15:00.000Z");
    expect(iso("2026-11-20T09:15:00-0530")).toBe("2026-11-20T14:45:00.000Z");
    expect(iso("2026-11-20T09:15:00.25Z")).toBe("2026-11-20T09:15:00.250Z");
    expect(iso("2026-11-20 09:15Z")).toBe("2026-11-20T09:15:00.000Z");
  });
  it("reads times without an offset in the configured zone, across daylight saving", () => {
    expect(iso("2026-07-01T12:00:00", "Europe/London")).toBe("2026-07-01T11:00:00.000Z");
    expect(iso("2026-12-01T12:00:00", "Europe/London")).toBe("2026-12-01T12:00:00.000Z");
    expect(iso("2026-11-15T16:45:00", "America/New_York")).toBe("2026-11-15T21:45:00.000Z");
    expect(iso("2026-11-20", "Asia/Tokyo")).toBe("2026-11-19T15:00:00.000Z");
  });
  it("says whether the input carried an offset", () => {
    expect(parseDate("2026-11-20T09:15:00Z", "UTC")).toMatchObject({ ok: true, hadOffset: true });
    expect(parseDate("2026-11-20T09:15:00", "UTC")).toMatchObject({ ok: true, hadOffset: false });
  });
  it("refuses impossible dates, times and offsets, and words", () => {
    expect(iso("2024-02-30")).toMatch(/^error: .*not a calendar date/);
    expect(iso("2023-02-29")).toMatch(/^error/);
    expect(iso("2024-02-29")).toBe("2024-02-29T00:00:00.000Z");
    expect(iso("2026-13-01")).toMatch(/^error/);
    expect(iso("2026-11-20T24:00:00Z")).toMatch(/^error: .*time of day/);
    expect(iso("2026-11-20T10:00:00+25:00")).toMatch(/^error: .*offset/);
    expect(iso("yesterday")).toMatch(/^error: .*not an ISO 8601/);
    expect(iso("20 November 2026")).toMatch(/^error/);
  });
  it("knows IANA zones", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
  it("knows a zone by another spelling than its canonical one, as Intl does", () => {
    // Neither is in Intl.supportedValuesOf("timeZone"), which lists canonical names only.
    for (const zone of ["Asia/Kolkata", "europe/london", "Etc/UTC"]) {
      expect(Intl.supportedValuesOf("timeZone")).not.toContain(zone);
      expect(isTimeZone(zone)).toBe(true);
    }
    expect(isTimeZone("Europe/Londres")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
