/**
 * Strict ISO 8601 date-times, read in a configured IANA time zone when they carry no offset.
 * Pure: no clock. YAML is parsed with the core schema, so dates reach us as strings and the
 * zone rule is ours, not js-yaml's (which would read an offset-less time as UTC).
 */

// YYYY-MM-DD, optionally followed by T or space, HH:MM[:SS[.fraction]], optionally Z or ±HH[:]MM.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?)?$/i;

export type DateResult = { ok: true; date: Date; hadOffset: boolean } | { ok: false; message: string };

/**
 * Parses `2026-11-20T09:15:00+01:00`, `2026-11-20 09:15`, `2026-11-20` (midnight in `zone`).
 * @example parseDate("2024-02-30", "UTC") // { ok: false, message: "…no 30 February…" }
 */
export function parseDate(input: string, zone: string): DateResult {
  const m = ISO.exec(input.trim());
  if (!m) {
    return { ok: false, message: `"${input}" is not an ISO 8601 date-time; expected e.g. 2026-11-20T09:15:00+01:00` };
  }
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", off] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  const ms = Math.floor(Number(`0.${frac || "0"}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, message: `"${input}" is not a calendar date (${year}-${mo} has ${month >= 1 && month <= 12 ? daysInMonth(year, month) : "no"} days)` };
  }
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, message: `"${input}" has an impossible time of day` };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (off) {
    const offsetMinutes = parseOffset(off);
    if (offsetMinutes === undefined) return { ok: false, message: `"${input}" has an impossible UTC offset` };
    return { ok: true, date: new Date(wall - offsetMinutes * 60_000), hadOffset: true };
  }
  return { ok: true, date: new Date(zonedWallToUtc(wall, zone)), hadOffset: false };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseOffset(off: string): number | undefined {
  if (off.toUpperCase() === "Z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(off);
  if (!m) return undefined;
  const hours = Number(m[2]), minutes = Number(m[3] ?? "0");
  if (hours > 23 || minutes > 59) return undefined;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The canonical IANA names this Node knows, listed once (see `isTimeZone`). */
let canonicalZones: Set<string> | undefined;

/** Whether `zone` is an IANA time zone this Node knows. */
export function isTimeZone(zone: string): boolean {
  if (zone === "UTC") return true; // the default; spares loading ICU's zone data at start-up
  // A canonical name is found in the list of them without loading any zone's rules: a formatter
  // for the config's zone, made only to validate it, was 10–20 ms of a fresh process that reads
  // no date needing the zone (a one-change build, #20). Another spelling (an alias such as
  // Asia/Kolkata, another case) is tried by making its formatter, as before.
  if ((canonicalZones ??= new Set(Intl.supportedValuesOf("timeZone"))).has(zone)) return true;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of `zone` from UTC at instant `utc`, in milliseconds. */
function zoneOffset(utc: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(utc))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - (utc - (utc % 1000 + 1000) % 1000);
}

/** Converts a wall-clock time (given as if UTC) in `zone` to the real UTC instant. */
function zonedWallToUtc(wall: number, zone: string): number {
  // Two passes settle the offset, including across a daylight-saving change.
  let utc = wall - zoneOffset(wall, zone);
  utc = wall - zoneOffset(utc, zone);
  return utc;
}

/** The calendar year of instant `date` in `zone`. */
function yearIn(date: Date, zone: string): number {
  const year = formatterFor(zone).formatToParts(date).find((p) => p.type === "year");
  return Number(year?.value);
}

/** Midnight in `zone` starting the given calendar day, or undefined if there is no such day (30 February). */
function dayStart(year: number, month: number, day: number, zone: string): Date | undefined {
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const r = parseDate(iso, zone);
  return r.ok ? r.date : undefined;
}

/** A date opening a file's name, as Jekyll and Hugo read it: `2020-02-28-idlib-strikes.txt`. */
const NAME_DATE = /^(\d{4}-\d{2}-\d{2})(?=[-_.]|$)/;

/**
 * The day a file's name starts with, at midnight in `zone` (pure).
 * @example fileNameDate("world/2020-02-28-idlib.txt", "UTC") // 2020-02-28T00:00:00Z
 */
export function fileNameDate(file: string, zone: string): Date | undefined {
  const m = NAME_DATE.exec(file.slice(file.lastIndexOf("/") + 1));
  if (!m) return undefined;
  const r = parseDate(m[1]!, zone);
  return r.ok ? r.date : undefined;
}

/** Where a raw story's `published` came from, most trusted first. */
export type DateSource = "dateline" | "file-name" | "git" | "first-build" | "mtime";

/** What is known of a raw story's file besides its text: each a candidate for its date. */
export interface RawHistory {
  /** When the file was first committed, if the stories folder is in a git repository. */
  committed?: Date;
  /** When a build first saw the file, kept in the build state. */
  firstSeen?: Date;
  mtime: Date;
}

/** A year in a copyright notice, the later one of a range: `© 2019-2020` → 2020. */
const NOTICE_YEAR = /(?<!\d)(\d{4})(?:\s*[-–]\s*(\d{4}))?(?!\d)/;

/** A raw story's date, where it came from, and where its dateline's year came from if it had none. */
export interface RawDate {
  date: Date;
  source: DateSource;
  /** For a dateline without a year: `copyright` (the notice's year) or the source the year was taken from. */
  yearFrom?: "copyright" | Exclude<DateSource, "dateline">;
}

/**
 * Dates a raw story (pure): the first that exists of the day in its dateline (`MOSCOW, Feb. 28`,
 * the year from the dateline, else the copyright notice, else the latest year that puts the day
 * no later than the next source's date), the day its file name starts with, when the file was
 * first committed, when a build first saw it, and the file's modification time. A day is taken at
 * midnight in `zone`. Nothing here depends on when or where the build runs but the last two.
 */
export function rawDate(
  story: { dateline?: { year?: number; month: number; day: number }; copyright?: string },
  file: string, history: RawHistory, zone: string,
): RawDate {
  const later: [Exclude<DateSource, "dateline">, Date | undefined][] = [
    ["file-name", fileNameDate(file, zone)], ["git", history.committed], ["first-build", history.firstSeen], ["mtime", history.mtime],
  ];
  const [fallback, fallbackDate] = later.find(([, d]) => d !== undefined) as [Exclude<DateSource, "dateline">, Date];
  const d = story.dateline;
  if (d) {
    const notice = NOTICE_YEAR.exec(story.copyright ?? "");
    const noticeYear = notice ? Number(notice[2] ?? notice[1]) : undefined;
    if (d.year !== undefined || noticeYear !== undefined) {
      const date = dayStart(d.year ?? noticeYear!, d.month, d.day, zone);
      if (date) return d.year !== undefined ? { date, source: "dateline" } : { date, source: "dateline", yearFrom: "copyright" };
    } else {
      const year = yearIn(fallbackDate, zone);
      const same = dayStart(year, d.month, d.day, zone);
      const date = same && same.getTime() <= fallbackDate.getTime() ? same : dayStart(year - 1, d.month, d.day, zone);
      if (date) return { date, source: "dateline", yearFrom: fallback };
    }
  }
  return { date: fallbackDate, source: fallback };
}
