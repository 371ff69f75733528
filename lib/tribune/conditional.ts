// Conditional GET for the backends (spec §2.2.2, §3.2): `Last-Modified` in RFC 1123 form, and the three
// HTTP date forms a client may send back in `If-Modified-Since`, compared at whole seconds. A date that does
// not parse is ignored, as HTTP says, so the client simply gets the full answer.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

const two = (n: number) => String(n).padStart(2, "0");

/** `Sat, 17 Mar 2012 16:16:13 GMT` for a time in seconds. */
export function httpDate(seconds: number): string {
  const d = new Date(Math.floor(seconds) * 1000);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

const TIME = String.raw`([0-9]{2}):([0-9]{2}):([0-9]{2})`;
const MONTH = `(${MONTHS.join("|")})`;
// RFC 1123: Sun, 06 Nov 1994 08:49:37 GMT
const RFC1123 = new RegExp(String.raw`^[A-Z][a-z]{2}, ([0-9]{2}) ${MONTH} ([0-9]{4}) ${TIME} GMT$`);
// RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
const RFC850 = new RegExp(String.raw`^[A-Z][a-z]+, ([0-9]{2})-${MONTH}-([0-9]{2}) ${TIME} GMT$`);
// asctime: Sun Nov  6 08:49:37 1994
const ASCTIME = new RegExp(String.raw`^[A-Z][a-z]{2} ${MONTH} ([ 0-9][0-9]) ${TIME} ([0-9]{4})$`);

function utcSeconds(year: number, month: string, day: number, h: string, m: string, s: string): number | null {
  const monthIndex = MONTHS.indexOf(month);
  const [hour, minute, second] = [Number(h), Number(m), Number(s)];
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.UTC(year, monthIndex, day, hour, minute, second);
  // Date.UTC rolls 31 Feb over into March: such a date is not a date.
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms / 1000;
}

/** Seconds of an HTTP date, or null when the text is none of the three forms. */
export function parseHttpDate(text: string | null | undefined): number | null {
  if (!text) return null;
  const value = text.trim();
  let match = RFC1123.exec(value);
  if (match) return utcSeconds(Number(match[3]), match[2]!, Number(match[1]), match[4]!, match[5]!, match[6]!);
  match = RFC850.exec(value);
  if (match) {
    // Two-digit years: the nearest century in the past 50 years, as RFC 7231 asks.
    const yy = Number(match[3]);
    const now = new Date().getUTCFullYear();
    let year = Math.floor(now / 100) * 100 + yy;
    if (year > now + 50) year -= 100;
    return utcSeconds(year, match[2]!, Number(match[1]), match[4]!, match[5]!, match[6]!);
  }
  match = ASCTIME.exec(value);
  if (match) return utcSeconds(Number(match[6]), match[1]!, Number(match[2]!.trim()), match[3]!, match[4]!, match[5]!);
  return null;
}

/** Whether a backend whose newest post is `lastModified` (seconds) is unchanged for this request. */
export function notModifiedSince(lastModified: number, ifModifiedSince: string | null | undefined): boolean {
  const since = parseHttpDate(ifModifiedSince);
  return since !== null && Math.floor(lastModified) <= since;
}
