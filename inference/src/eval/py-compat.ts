/**
 * The few pieces of CPython behaviour the reference scorer (shared/eval/score.py) relies on,
 * reproduced exactly so that score.ts gives the same figures: datetime.fromisoformat (3.11, the C
 * implementation), the `\w` class of `re` on str patterns, round(x, n) and format(x, '.nf').
 * Checked against /usr/bin/python3 (3.11) by score.int.test.ts.
 */

// ---------------------------------------------------------------------------------------------
// datetime.fromisoformat

/** A parsed datetime: aware ones compare by instant, naive ones by wall clock; never equal to each other. */
export type PyDateTime = { aware: true; utcMicros: bigint } | { aware: false; micros: bigint };

const MICROS_PER_SECOND = 1_000_000n;
const MICROS_PER_DAY = 86_400n * MICROS_PER_SECOND;

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0));

/** Proleptic Gregorian ordinal, 0001-01-01 = 1 (datetime's ymd_to_ord). */
function ymdToOrd(y: number, m: number, d: number): number {
  const py = y - 1;
  let days = py * 365 + Math.floor(py / 4) - Math.floor(py / 100) + Math.floor(py / 400);
  for (let i = 1; i < m; i++) days += daysInMonth(y, i);
  return days + d;
}

function ordToYmd(ord: number): [number, number, number] {
  // Not hot: walk from an estimate.
  let y = Math.max(1, Math.floor((ord - 1) / 365.2425) + 1);
  while (y > 1 && ymdToOrd(y, 1, 1) > ord) y--;
  while (ymdToOrd(y + 1, 1, 1) <= ord) y++;
  let rest = ord - ymdToOrd(y, 1, 1) + 1;
  let m = 1;
  while (rest > daysInMonth(y, m)) {
    rest -= daysInMonth(y, m);
    m++;
  }
  return [y, m, rest];
}

/** ISO week date → (y, m, d), or null when out of range (datetime's iso_to_ymd). */
function isoToYmd(isoYear: number, week: number, day: number): [number, number, number] | null {
  if (week <= 0 || week >= 53) {
    let outOfRange = true;
    if (week === 53) {
      const firstWeekday = (ymdToOrd(isoYear, 1, 1) + 6) % 7;
      if (firstWeekday === 3 || (firstWeekday === 2 && isLeap(isoYear))) outOfRange = false;
    }
    if (outOfRange) return null;
  }
  if (day <= 0 || day >= 8) return null;
  const firstDay = ymdToOrd(isoYear, 1, 1);
  const firstWeekday = (firstDay + 6) % 7;
  let week1Monday = firstDay - firstWeekday;
  if (firstWeekday > 3) week1Monday += 7;
  return ordToYmd(week1Monday + (week - 1) * 7 + day - 1);
}

/** A NUL-terminated byte string, as the C code sees it (reads past the end give 0). */
class CStr {
  constructor(readonly b: Uint8Array) {}
  at(i: number): number {
    return i < this.b.length ? (this.b[i] as number) : 0;
  }
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** parse_digits: exactly n ASCII digits; returns the new position or -1. */
function parseDigits(s: CStr, pos: number, n: number, out: { v: number }): number {
  for (let i = 0; i < n; i++) {
    const c = s.at(pos++);
    if (!isDigit(c)) return -1;
    out.v = out.v * 10 + (c - 0x30);
  }
  return pos;
}

function findSeparator(s: CStr, len: number): number {
  const DASH = 0x2d;
  const W = 0x57;
  if (len === 7) return 7;
  if (s.at(4) === DASH) {
    if (s.at(5) === W) {
      if (len < 8) return -1;
      if (len > 8 && s.at(8) === DASH) {
        if (len === 9) return -1;
        if (len > 10 && isDigit(s.at(10))) return 8;
        return 10;
      }
      return 8;
    }
    return 10;
  }
  if (s.at(4) === W) {
    let idx = 7;
    for (; idx < len; idx++) if (!isDigit(s.at(idx))) break;
    if (idx < 9) return idx;
    return idx % 2 === 0 ? 7 : 8;
  }
  return 8;
}

function parseIsoDate(s: CStr, len: number): [number, number, number] | null {
  const year = { v: 0 };
  let p = parseDigits(s, 0, 4, year);
  if (p < 0) return null;
  const usesSep = s.at(p) === 0x2d;
  if (usesSep) p++;
  if (s.at(p) === 0x57) {
    p++;
    const week = { v: 0 };
    const day = { v: 0 };
    p = parseDigits(s, p, 2, week);
    if (p < 0) return null;
    if (p < len) {
      if (usesSep && s.at(p++) !== 0x2d) return null;
      p = parseDigits(s, p, 1, day);
      if (p < 0) return null;
    } else {
      day.v = 1;
    }
    return isoToYmd(year.v, week.v, day.v);
  }
  const month = { v: 0 };
  const day = { v: 0 };
  p = parseDigits(s, p, 2, month);
  if (p < 0) return null;
  if (usesSep && s.at(p++) !== 0x2d) return null;
  p = parseDigits(s, p, 2, day);
  if (p < 0) return null;
  return [year.v, month.v, day.v];
}

interface Hms {
  h: number;
  m: number;
  s: number;
  us: number;
}

/** parse_hh_mm_ss_ff: <0 error, 0 consumed to the end, 1 stopped before the end. */
function parseHmsF(s: CStr, start: number, end: number, out: Hms): number {
  const vals: [{ v: number }, { v: number }, { v: number }] = [{ v: 0 }, { v: 0 }, { v: 0 }];
  let p = start;
  let hasSep = true;
  let code: number | null = null;
  for (let i = 0; i < 3; i++) {
    p = parseDigits(s, p, 2, vals[i] as { v: number });
    if (p < 0) return -3;
    const c = s.at(p++);
    if (i === 0) hasSep = c === 0x3a;
    if (p >= end) {
      code = c !== 0 ? 1 : 0;
      break;
    } else if (hasSep && c === 0x3a) {
      continue;
    } else if (c === 0x2e || c === 0x2c) {
      break;
    } else if (!hasSep) {
      p--;
    } else {
      return -4;
    }
  }
  out.h = vals[0].v;
  out.m = vals[1].v;
  out.s = vals[2].v;
  out.us = 0;
  if (code !== null) return code;
  const remains = end - p;
  const toParse = remains >= 6 ? 6 : remains;
  const us = { v: 0 };
  p = parseDigits(s, p, toParse, us);
  if (p < 0) return -3;
  // toParse is never 0 here: a '.' at the very end returned above.
  if (toParse < 6) us.v *= 10 ** (6 - toParse);
  out.us = us.v;
  while (isDigit(s.at(p))) p++;
  return s.at(p) !== 0 ? 1 : 0;
}

/**
 * `datetime.fromisoformat(value)` of CPython 3.11 (C implementation); null where it raises.
 * Its quirks are kept on purpose (any single character as the date/time separator, junk after
 * seven or more fraction digits ignored, a trailing NUL ignored, offsets not range-checked per
 * field), because the reference scorer accepts what it accepts.
 */
export function pyFromIsoFormat(value: unknown): PyDateTime | null {
  if (typeof value !== 'string') return null; // TypeError
  const cps = Array.from(value); // code points; lone surrogates stay single elements
  if (cps.length < 7) return null;
  // _sanitize_isoformat_str: a surrogate at position 7, 8 or 10 (the first found) becomes 'T'.
  for (const pos of [7, 8, 10]) {
    if (pos > cps.length) break;
    const ch = cps[pos];
    if (ch !== undefined && ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff) {
      cps[pos] = 'T';
      break;
    }
  }
  let str = cps.join('');
  if (!str.isWellFormed()) return null; // UTF-8 encoding fails
  let bytes = new TextEncoder().encode(str);
  const sep = findSeparator(new CStr(bytes), bytes.length);
  if (sep < 0) return null;
  // The separator may be any one character: a multi-byte one is skipped as a whole.
  if (sep < bytes.length && (bytes[sep] as number) >= 0x80) {
    const prefix = new TextDecoder().decode(bytes.subarray(0, sep));
    const rest = str.slice(prefix.length);
    const first = rest.codePointAt(0) as number;
    str = prefix + 'T' + rest.slice(first > 0xffff ? 2 : 1);
    bytes = new TextEncoder().encode(str);
  }
  const s = new CStr(bytes);
  const len = bytes.length;
  const date = parseIsoDate(s, sep);
  if (!date) return null;
  const t: Hms = { h: 0, m: 0, s: 0, us: 0 };
  let tzMicros: bigint | null = null;
  if (len > sep) {
    const start = sep + 1;
    const end = len;
    let tzPos = start;
    do {
      const c = s.at(tzPos);
      if (c === 0x5a || c === 0x2b || c === 0x2d) break;
    } while (++tzPos < end);
    const rv = parseHmsF(s, start, tzPos, t);
    if (rv < 0) return null;
    if (tzPos >= end) {
      // tzPos can run one past the end when the time part is empty; parseHmsF failed then.
      if (rv === 1) return null;
    } else if (s.at(tzPos) === 0x5a) {
      if (s.at(tzPos + 1) !== 0) return null;
      tzMicros = 0n;
    } else {
      const sign = s.at(tzPos) === 0x2d ? -1n : 1n;
      const tz: Hms = { h: 0, m: 0, s: 0, us: 0 };
      const trv = parseHmsF(s, tzPos + 1, end, tz);
      if (trv !== 0) return null;
      tzMicros = sign * (BigInt(tz.h * 3600 + tz.m * 60 + tz.s) * MICROS_PER_SECOND + BigInt(tz.us));
      if (tzMicros <= -MICROS_PER_DAY || tzMicros >= MICROS_PER_DAY) return null; // timezone() range
    }
  }
  const [y, mo, d] = date;
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  if (t.h > 23 || t.m > 59 || t.s > 59) return null;
  const local = BigInt(ymdToOrd(y, mo, d)) * MICROS_PER_DAY + BigInt(t.h * 3600 + t.m * 60 + t.s) * MICROS_PER_SECOND + BigInt(t.us);
  return tzMicros === null ? { aware: false, micros: local } : { aware: true, utcMicros: local - tzMicros };
}

/** `a == b` for two datetimes. */
export function pyDateTimeEquals(a: PyDateTime, b: PyDateTime): boolean {
  if (a.aware && b.aware) return a.utcMicros === b.utcMicros;
  if (!a.aware && !b.aware) return a.micros === b.micros;
  return false;
}

// ---------------------------------------------------------------------------------------------
// re's \w on str patterns

/**
 * Code points that are \p{L} or \p{N} in this JavaScript engine but were unassigned in Unicode
 * 14.0, the database of Python 3.11 (so not \w there). Python's \w is exactly "\p{L} or \p{N}
 * or _" (str.isalnum()); combining marks (\p{M}) are not word characters. Generated by comparing
 * re.match(r'\w', chr(c)) over all code points with /[\p{L}\p{N}_]/u (Node 20, Unicode 17).
 */
const NOT_WORD_IN_PY311: ReadonlyArray<readonly [number, number]> = [
  [0x88f, 0x88f],
  [0xc5c, 0xc5c],
  [0xcdc, 0xcdc],
  [0x1c89, 0x1c8a],
  [0xa7cb, 0xa7cf],
  [0xa7d2, 0xa7d2],
  [0xa7d4, 0xa7d4],
  [0xa7da, 0xa7dc],
  [0xa7f1, 0xa7f1],
  [0x105c0, 0x105f3],
  [0x10940, 0x10959],
  [0x10d40, 0x10d65],
  [0x10d6f, 0x10d85],
  [0x10ec2, 0x10ec7],
  [0x1123f, 0x11240],
  [0x11380, 0x11389],
  [0x1138b, 0x1138b],
  [0x1138e, 0x1138e],
  [0x11390, 0x113b5],
  [0x113b7, 0x113b7],
  [0x113d1, 0x113d1],
  [0x113d3, 0x113d3],
  [0x116d0, 0x116e3],
  [0x11bc0, 0x11be0],
  [0x11bf0, 0x11bf9],
  [0x11db0, 0x11ddb],
  [0x11de0, 0x11de9],
  [0x11f02, 0x11f02],
  [0x11f04, 0x11f10],
  [0x11f12, 0x11f33],
  [0x11f50, 0x11f59],
  [0x1342f, 0x1342f],
  [0x13441, 0x13446],
  [0x13460, 0x143fa],
  [0x16100, 0x1611d],
  [0x16130, 0x16139],
  [0x16d40, 0x16d6c],
  [0x16d70, 0x16d79],
  [0x16ea0, 0x16eb8],
  [0x16ebb, 0x16ed3],
  [0x16ff2, 0x16ff6],
  [0x187f8, 0x187ff],
  [0x18cff, 0x18cff],
  [0x18d09, 0x18d1e],
  [0x18d80, 0x18df2],
  [0x1b132, 0x1b132],
  [0x1b155, 0x1b155],
  [0x1ccf0, 0x1ccf9],
  [0x1d2c0, 0x1d2d3],
  [0x1df25, 0x1df2a],
  [0x1e030, 0x1e06d],
  [0x1e4d0, 0x1e4eb],
  [0x1e4f0, 0x1e4f9],
  [0x1e5d0, 0x1e5ed],
  [0x1e5f0, 0x1e5fa],
  [0x1e6c0, 0x1e6de],
  [0x1e6e0, 0x1e6e2],
  [0x1e6e4, 0x1e6e5],
  [0x1e6e7, 0x1e6ed],
  [0x1e6f0, 0x1e6f4],
  [0x1e6fe, 0x1e6ff],
  [0x2b739, 0x2b73f],
  [0x2cea2, 0x2cead],
  [0x2ebf0, 0x2ee5d],
  [0x31350, 0x33479],
];

const LETTER_OR_NUMBER = /^[\p{L}\p{N}_]$/u;

function newerThanPy311(cp: number): boolean {
  if (cp < 0x88f) return false;
  for (const [a, b] of NOT_WORD_IN_PY311) {
    if (cp < a) return false;
    if (cp <= b) return true;
  }
  return false;
}

export function isPyWordChar(ch: string): boolean {
  return LETTER_OR_NUMBER.test(ch) && !newerThanPy311(ch.codePointAt(0) as number);
}

/**
 * `str.lower()`. JavaScript's toLowerCase has the same full mappings and final-sigma rule; the
 * letters Python 3.11 does not know yet are neither lowered nor cased there, so they are taken
 * out first (they are no word characters either, so the tokens do not change otherwise).
 */
export function pyLowerForTokens(s: string): string {
  let out = '';
  for (const ch of s) out += LETTER_OR_NUMBER.test(ch) && newerThanPy311(ch.codePointAt(0) as number) ? ' ' : ch;
  return out.toLowerCase();
}

/** `re.sub(r"[^\w\s]", " ", s).split()`: the maximal runs of word characters. */
export function pyWordRuns(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (isPyWordChar(ch)) {
      cur += ch;
    } else if (cur) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rounding and formatting of floats

/** x = num / den exactly (den a power of two), for a finite double x ≥ 0. */
function exactRatio(x: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e = exp === 0 ? -1074 : exp - 1075;
  return e >= 0 ? { num: mant << BigInt(e), den: 1n } : { num: mant, den: 1n << BigInt(-e) };
}

/** round(|x| · 10^n) with ties to even, on the exact binary value of x (as CPython does). */
function scaledHalfEven(x: number, n: number): bigint {
  const { num, den } = exactRatio(Math.abs(x));
  const scaled = num * 10n ** BigInt(n);
  let q = scaled / den;
  const r2 = (scaled % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  return q;
}

/** Python's round(x, n) for a float x and n ≥ 0. */
export function pyRound(x: number, n: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const q = scaledHalfEven(x, n);
  const v = Number(`${q}e-${n}`); // correctly rounded, as CPython's strtod
  return x < 0 ? -v : v;
}

/** Python's format(x, f'.{n}f') for a finite float x. */
export function pyFormatFixed(x: number, n: number): string {
  const q = scaledHalfEven(x, n)
    .toString()
    .padStart(n + 1, '0');
  const body = n > 0 ? `${q.slice(0, q.length - n)}.${q.slice(q.length - n)}` : q;
  return (x < 0 || Object.is(x, -0) ? '-' : '') + body;
}

/** Python's sorted() order of str: by code point. */
export function pyStrCompare(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const d = (ca.value.codePointAt(0) as number) - (cb.value.codePointAt(0) as number);
    if (d !== 0) return d;
  }
}
