import { describe, expect, it } from 'vitest';
import { zoneForName, zoneFromWords } from './zone-names';

describe('zoneForName: what /tz accepts', () => {
  it.each([
    // zone database names, in any letter case
    ['Europe/Paris', 'Europe/Paris'],
    ['europe/berlin', 'Europe/Berlin'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['america/argentina/buenos_aires', 'America/Argentina/Buenos_Aires'],
    ['america/port-au-prince', 'America/Port-au-Prince'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['etc/gmt-3', 'Etc/GMT-3'],
    // cities, Russian case forms and English
    ['Париж', 'Europe/Paris'],
    ['paris', 'Europe/Paris'],
    ['Москва', 'Europe/Moscow'],
    ['москве', 'Europe/Moscow'],
    ['Санкт-Петербург', 'Europe/Moscow'],
    ['new york', 'America/New_York'],
    ['Нью-Йорк', 'America/New_York'],
    ['Los Angeles', 'America/Los_Angeles'],
    ['Лос-Анджелес', 'America/Los_Angeles'],
    ['Калининград', 'Europe/Kaliningrad'],
    ['Новосибирск', 'Asia/Novosibirsk'],
    ['Владивосток', 'Asia/Vladivostok'],
    ['Хабаровск', 'Asia/Vladivostok'],
    ['Екатеринбурге', 'Asia/Yekaterinburg'],
    ['Токио', 'Asia/Tokyo'],
    // UTC and whole-hour offsets: the Etc names count the other way
    ['UTC', 'UTC'],
    ['gmt', 'UTC'],
    ['UTC+3', 'Etc/GMT-3'],
    ['utc +3', 'Etc/GMT-3'],
    ['+03:00', 'Etc/GMT-3'],
    ['+3', 'Etc/GMT-3'],
    ['GMT-5', 'Etc/GMT+5'],
    ['UTC−5', 'Etc/GMT+5'],
    ['-0500', 'Etc/GMT+5'],
    ['UTC+14', 'Etc/GMT-14'],
    ['UTC-12', 'Etc/GMT+12'],
    ['UTC+0', 'UTC'],
    // Moscow-relative (Russia keeps no DST)
    ['МСК', 'Europe/Moscow'],
    ['МСК+4', 'Etc/GMT-7'],
    ['msk-1', 'Etc/GMT-2'],
  ])('%s → %s', (name, zone) => {
    expect(zoneForName(name)).toBe(zone);
  });

  it.each(['Mars/Olympus', 'Атлантида', 'лосось', 'самарканд', '', '   ', '3', 'UTC+5:30', '+05:45', 'UTC+15', 'UTC-13', 'x'.repeat(80)])(
    '%j → null (unknown: the bot says so)',
    (name) => {
      expect(zoneForName(name)).toBeNull();
    },
  );
});

describe('zoneFromWords: the parser reads whole sentences loosely', () => {
  it.each([
    [['я', 'теперь', 'в', 'берлине'], 'Europe/Berlin'],
    [['i', 'moved', 'to', 'tokyo'], 'Asia/Tokyo'],
    [['my', 'timezone', 'is', 'europe', '/', 'london'], 'Europe/London'],
    [['живу', 'в', 'нью', '-', 'йорке'], 'America/New_York'],
    [['переехал', 'в', 'екатеринбургскую', 'область'], 'Asia/Yekaterinburg'],
    [['напомни', 'завтра'], null],
  ])('%j → %s', (words, zone) => {
    expect(zoneFromWords(words)).toBe(zone);
  });
});
