import { isValidZone } from './wall-clock';

/**
 * Cities and zone names people use to say where they are ("я теперь в Берлине", "/tz Париж",
 * "I moved to Tokyo"), matched by word stem so Russian case forms agree. The one table of them:
 * the parser's timezone intent (inference) and the /tz command read it here.
 */
const STEMS: ReadonlyArray<readonly [stem: string, iana: string]> = [
  ['москв', 'Europe/Moscow'],
  ['moscow', 'Europe/Moscow'],
  ['мск', 'Europe/Moscow'],
  ['msk', 'Europe/Moscow'],
  ['питер', 'Europe/Moscow'],
  ['петербург', 'Europe/Moscow'],
  ['petersburg', 'Europe/Moscow'],
  ['спб', 'Europe/Moscow'],
  ['казан', 'Europe/Moscow'],
  ['kazan', 'Europe/Moscow'],
  ['калининград', 'Europe/Kaliningrad'],
  ['kaliningrad', 'Europe/Kaliningrad'],
  ['самар', 'Europe/Samara'],
  ['samara', 'Europe/Samara'],
  ['екатеринбург', 'Asia/Yekaterinburg'],
  ['yekaterinburg', 'Asia/Yekaterinburg'],
  ['екб', 'Asia/Yekaterinburg'],
  ['челябинск', 'Asia/Yekaterinburg'],
  ['chelyabinsk', 'Asia/Yekaterinburg'],
  ['тюмен', 'Asia/Yekaterinburg'],
  ['tyumen', 'Asia/Yekaterinburg'],
  ['омск', 'Asia/Omsk'],
  ['omsk', 'Asia/Omsk'],
  ['новосибирск', 'Asia/Novosibirsk'],
  ['novosibirsk', 'Asia/Novosibirsk'],
  ['красноярск', 'Asia/Krasnoyarsk'],
  ['krasnoyarsk', 'Asia/Krasnoyarsk'],
  ['иркутск', 'Asia/Irkutsk'],
  ['irkutsk', 'Asia/Irkutsk'],
  ['якутск', 'Asia/Yakutsk'],
  ['yakutsk', 'Asia/Yakutsk'],
  ['владивосток', 'Asia/Vladivostok'],
  ['vladivostok', 'Asia/Vladivostok'],
  ['хабаровск', 'Asia/Vladivostok'],
  ['khabarovsk', 'Asia/Vladivostok'],
  ['магадан', 'Asia/Magadan'],
  ['magadan', 'Asia/Magadan'],
  ['камчат', 'Asia/Kamchatka'],
  ['kamchat', 'Asia/Kamchatka'],
  ['берлин', 'Europe/Berlin'],
  ['berlin', 'Europe/Berlin'],
  ['лондон', 'Europe/London'],
  ['london', 'Europe/London'],
  ['париж', 'Europe/Paris'],
  ['paris', 'Europe/Paris'],
  ['мадрид', 'Europe/Madrid'],
  ['madrid', 'Europe/Madrid'],
  ['амстердам', 'Europe/Amsterdam'],
  ['amsterdam', 'Europe/Amsterdam'],
  ['токио', 'Asia/Tokyo'],
  ['tokyo', 'Asia/Tokyo'],
  ['дели', 'Asia/Kolkata'],
  ['delhi', 'Asia/Kolkata'],
  ['мумба', 'Asia/Kolkata'],
  ['mumbai', 'Asia/Kolkata'],
  ['киев', 'Europe/Kyiv'],
  ['kyiv', 'Europe/Kyiv'],
  ['kiev', 'Europe/Kyiv'],
  ['минск', 'Europe/Minsk'],
  ['minsk', 'Europe/Minsk'],
  ['алмат', 'Asia/Almaty'],
  ['almaty', 'Asia/Almaty'],
  ['ташкент', 'Asia/Tashkent'],
  ['tashkent', 'Asia/Tashkent'],
  ['тбилиси', 'Asia/Tbilisi'],
  ['tbilisi', 'Asia/Tbilisi'],
  ['ереван', 'Asia/Yerevan'],
  ['yerevan', 'Asia/Yerevan'],
  ['баку', 'Asia/Baku'],
  ['baku', 'Asia/Baku'],
  ['стамбул', 'Europe/Istanbul'],
  ['istanbul', 'Europe/Istanbul'],
  ['дубае', 'Asia/Dubai'],
  ['дубай', 'Asia/Dubai'],
  ['dubai', 'Asia/Dubai'],
  ['бангкок', 'Asia/Bangkok'],
  ['bangkok', 'Asia/Bangkok'],
  ['сингапур', 'Asia/Singapore'],
  ['singapore', 'Asia/Singapore'],
  ['чикаго', 'America/Chicago'],
  ['chicago', 'America/Chicago'],
  ['денвер', 'America/Denver'],
  ['denver', 'America/Denver'],
  ['лос', 'America/Los_Angeles'],
  ['анджелес', 'America/Los_Angeles'],
  ['angeles', 'America/Los_Angeles'],
  ['франциско', 'America/Los_Angeles'],
  ['francisco', 'America/Los_Angeles'],
  ['торонто', 'America/Toronto'],
  ['toronto', 'America/Toronto'],
  ['сидне', 'Australia/Sydney'],
  ['сидней', 'Australia/Sydney'],
  ['sydney', 'Australia/Sydney'],
];

/**
 * The IANA zone the words (lower-cased, ё as е) name, or null. Handles "Europe/London" spelt out
 * and "Нью-Йорк"/"New York". A word names a city when it starts with the city's stem and has at
 * most `maxEnding` letters more (the parser reads whole sentences loosely; /tz is stricter, so
 * "лосось" is no Los Angeles).
 */
export function zoneFromWords(words: readonly string[], maxEnding = Infinity): string | null {
  const joined = words.join(' ');
  const iana = joined.match(/\b([a-z]+)\s*\/\s*([a-z_]+(?:\s*\/\s*[a-z_]+)?)\b/);
  if (iana) {
    const name = `${cap(iana[1]!)}/${iana[2]!.replace(/\s+/g, '').split('/').map(cap).join('/')}`;
    if (isValidZone(name)) return name;
  }
  if (/нью\s*-?\s*йорк|new\s+york|nyc/.test(joined)) return 'America/New_York';
  for (const w of words) {
    for (const [stem, zone] of STEMS) if (w.startsWith(stem) && w.length - stem.length <= maxEnding) return zone;
  }
  return null;
}

/** Letters a /tz city word may have past its stem: a Russian case ending ("Москве", "Сиднее"). */
const TZ_ENDING = 2;
const WORD = /\p{L}+(?:['’]\p{L}+)*|\p{N}+|[^\s\p{L}\p{N}]/gu;

/**
 * The zone a /tz argument names: an IANA name in any letter case ("europe/paris" → Europe/Paris),
 * UTC/GMT, a whole-hour offset ("UTC+3", "+03:00", "GMT-5" → Etc/GMT-3, Etc/GMT+5: the Etc
 * names' sign is inverted), Moscow-relative "МСК+4" (Russia keeps no DST), or a known city in
 * Russian or English ("Париж", "new york", "Москве"). Null when it names nothing known —
 * including half-hour offsets ("+05:30", which no Etc zone has: name the city instead).
 */
export function zoneForName(text: string): string | null {
  const t = text.normalize('NFKC').replace(/[−–—]/g, '-').replace(/\s+/g, ' ').trim();
  if (!t || t.length > 64) return null;
  const fixed = offsetZone(t);
  if (fixed !== undefined) return fixed;
  const iana = ianaZone(t);
  if (iana) return iana;
  const words = [...t.toLowerCase().replaceAll('ё', 'е').matchAll(WORD)].map((m) => m[0]);
  return zoneFromWords(words, TZ_ENDING);
}

const OFFSET = /^(utc|gmt|z|мск|msk)?\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?$/i;
const MOSCOW_OFFSET = 3;

/** An offset's zone; null for an offset no zone has; undefined when `t` is no offset at all. */
function offsetZone(t: string): string | null | undefined {
  const m = OFFSET.exec(t);
  if (!m || (!m[1] && !m[2])) return undefined;
  const moscow = m[1] !== undefined && /^(мск|msk)$/i.test(m[1]);
  if (!m[2]) return moscow ? 'Europe/Moscow' : 'UTC';
  if (m[4] !== undefined && m[4] !== '00') return null;
  const hours = (m[2] === '-' ? -1 : 1) * Number(m[3]) + (moscow ? MOSCOW_OFFSET : 0);
  if (hours === 0) return 'UTC';
  if (hours < -12 || hours > 14) return null;
  // POSIX style: Etc/GMT-3 is three hours ahead of UTC.
  return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}

/** A zone database name as written, in its usual letter case when typed in another one. */
function ianaZone(t: string): string | null {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){1,2}$/.test(t) || !isValidZone(t)) return null;
  const usual = t
    .split('/')
    .map((seg, i) => (i > 0 && /^(gmt|utc|uct)/i.test(seg) ? seg.toUpperCase() : seg.split('_').map(capWord).join('_')))
    .join('/');
  return t === t.toLowerCase() || t === t.toUpperCase() ? (isValidZone(usual) ? usual : t) : t;
}

const capWord = (w: string) =>
  w
    .split('-')
    .map((p, i) => (i > 0 && /^(au|de|du|la|sur)$/i.test(p) ? p.toLowerCase() : p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()))
    .join('-');
const cap = (s: string) =>
  s
    .split('_')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('_');
