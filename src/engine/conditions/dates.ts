// Dates for the Date* operators: W3C ISO 8601 profiles (`2020-01`, `2020-01-01`,
// `2020-01-01T00:00Z`, `2020-01-01T00:00:01Z`, `2020-01-01T00:00:01.5+02:00`), the ISO basic form
// (`20130930T231548Z`) and epoch seconds (`1577836801`, as `aws:EpochTime` gives). IAM User
// Guide, "IAM JSON policy elements: Condition operators", Date condition operators: "You must
// specify date/time values with one of the W3C implementations of the ISO 8601 date formats or
// in epoch (UNIX) time." A time without a zone designator is read as UTC. A value of digits
// only is epoch seconds (`parseDate`); four digits are also the W3C profile's year ("Year: YYYY"),
// and the guide does not say which AWS reads, so a policy value of four digits has both readings
// (`dateReadings`) and a comparison they decide differently is unknown (operators.ts).

const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;
const EXTENDED =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
const BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function zoneOffsetMs(zone: string | undefined): number | undefined {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (h > 23 || m > 59) return undefined;
  return sign * (h * 60 + m) * 60_000;
}

function fromParts(m: RegExpExecArray): number | undefined {
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = zoneOffsetMs(m[8]);
  if (offset === undefined) return undefined;
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC maps years 0-99 to 1900-1999; set the full year explicitly.
  const d = new Date(base);
  d.setUTCFullYear(year);
  return d.getTime() + fraction * 1000 - offset;
}

/** Milliseconds since the epoch (may be fractional), or undefined for a malformed value. */
export function parseDate(s: string): number | undefined {
  if (EPOCH.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? n * 1000 : undefined;
  }
  const m = EXTENDED.exec(s) ?? BASIC.exec(s);
  if (!m) return undefined;
  const t = fromParts(m);
  return t !== undefined && Number.isFinite(t) ? t : undefined;
}

/** A year alone (`2030`): epoch seconds, or the W3C profile's year. */
const YEAR_OR_EPOCH = /^\d{4}$/;

/**
 * Every reading of a date value in milliseconds since the epoch: one, or two for four digits
 * (epoch seconds, and 1 January of that year, UTC); undefined for a malformed value.
 */
export function dateReadings(s: string): readonly number[] | undefined {
  const t = parseDate(s);
  if (t === undefined) return undefined;
  if (!YEAR_OR_EPOCH.test(s)) return [t];
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(Number(s));
  return [t, d.getTime()];
}

/** True when a date value has more than one reading (`dateReadings`). */
export function isAmbiguousDate(s: string): boolean {
  return YEAR_OR_EPOCH.test(s);
}
