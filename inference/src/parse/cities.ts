/**
 * Cities and zone names people use to say where they are ("я теперь в Берлине", "I moved to
 * Tokyo", "my timezone is Europe/London"), matched by word stem so Russian case forms agree.
 */
const STEMS: Array<[stem: string, iana: string]> = [
  ['москв', 'Europe/Moscow'], ['moscow', 'Europe/Moscow'], ['мск', 'Europe/Moscow'], ['msk', 'Europe/Moscow'],
  ['питер', 'Europe/Moscow'], ['петербург', 'Europe/Moscow'], ['petersburg', 'Europe/Moscow'],
  ['калининград', 'Europe/Kaliningrad'], ['kaliningrad', 'Europe/Kaliningrad'],
  ['самар', 'Europe/Samara'], ['samara', 'Europe/Samara'],
  ['екатеринбург', 'Asia/Yekaterinburg'], ['yekaterinburg', 'Asia/Yekaterinburg'], ['екб', 'Asia/Yekaterinburg'],
  ['новосибирск', 'Asia/Novosibirsk'], ['novosibirsk', 'Asia/Novosibirsk'],
  ['владивосток', 'Asia/Vladivostok'], ['vladivostok', 'Asia/Vladivostok'],
  ['берлин', 'Europe/Berlin'], ['berlin', 'Europe/Berlin'],
  ['лондон', 'Europe/London'], ['london', 'Europe/London'],
  ['париж', 'Europe/Paris'], ['paris', 'Europe/Paris'],
  ['токио', 'Asia/Tokyo'], ['tokyo', 'Asia/Tokyo'],
  ['дели', 'Asia/Kolkata'], ['delhi', 'Asia/Kolkata'], ['мумба', 'Asia/Kolkata'], ['mumbai', 'Asia/Kolkata'],
  ['киев', 'Europe/Kyiv'], ['kyiv', 'Europe/Kyiv'], ['kiev', 'Europe/Kyiv'],
  ['минск', 'Europe/Minsk'], ['minsk', 'Europe/Minsk'],
  ['алмат', 'Asia/Almaty'], ['almaty', 'Asia/Almaty'],
  ['ташкент', 'Asia/Tashkent'], ['tashkent', 'Asia/Tashkent'],
  ['тбилиси', 'Asia/Tbilisi'], ['tbilisi', 'Asia/Tbilisi'],
  ['ереван', 'Asia/Yerevan'], ['yerevan', 'Asia/Yerevan'],
  ['стамбул', 'Europe/Istanbul'], ['istanbul', 'Europe/Istanbul'],
  ['дубае', 'Asia/Dubai'], ['дубай', 'Asia/Dubai'], ['dubai', 'Asia/Dubai'],
  ['бангкок', 'Asia/Bangkok'], ['bangkok', 'Asia/Bangkok'],
  ['чикаго', 'America/Chicago'], ['chicago', 'America/Chicago'],
  ['лос', 'America/Los_Angeles'], ['angeles', 'America/Los_Angeles'],
  ['торонто', 'America/Toronto'], ['toronto', 'America/Toronto'],
  ['сидне', 'Australia/Sydney'], ['сидней', 'Australia/Sydney'], ['sydney', 'Australia/Sydney'],
];

/** The IANA zone the words name, or null. Handles "Europe/London" spelt out and "Нью-Йорк"/"New York". */
export function zoneFromWords(words: string[]): string | null {
  const joined = words.join(' ');
  const iana = joined.match(/\b([a-z]+)\s*\/\s*([a-z_]+(?:\s*\/\s*[a-z_]+)?)\b/);
  if (iana) {
    const name = `${cap(iana[1]!)}/${iana[2]!.replace(/\s+/g, '').split('/').map(cap).join('/')}`;
    if (isZone(name)) return name;
  }
  if (/нью\s*-?\s*йорк|new\s+york|nyc/.test(joined)) return 'America/New_York';
  for (const w of words) {
    for (const [stem, zone] of STEMS) if (w.startsWith(stem)) return zone;
  }
  return null;
}

const cap = (s: string) => s.split('_').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('_');

function isZone(z: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: z });
    return true;
  } catch {
    return false;
  }
}
