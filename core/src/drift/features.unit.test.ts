import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DRIFT_FEATURES,
  driftFeaturesOf,
  driftProfileSchema,
  featureValues,
  localHour,
  profileColumnsOf,
  roundConfidence,
  textChars,
  textTokens,
  type DriftFeatureName,
  type DriftFeatureRow,
  type DriftProfile,
  type ProfileFeatureName,
} from './features';

const parsed = {
  lang: 'ru',
  intent: 'create',
  confidence: { intent: 0.987654321, slots: 0.4321987 },
  slots: [{ tag: 'TRIGGER' }, { tag: 'TIME' }, { tag: 'TEXT' }],
  corrections: [{ from: 'зафтра', to: 'завтра' }],
  parser: 'model',
};

describe('DRIFT_FEATURES', () => {
  it('names each feature once, and only the clock and the zone stay out of the profile', () => {
    const names = DRIFT_FEATURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(DRIFT_FEATURES.filter((f) => !f.inProfile).map((f) => f.name)).toEqual(['local_hour', 'zone']);
    expect(DRIFT_FEATURES.filter((f) => f.per === 'slot').map((f) => f.name)).toEqual(['slot_tags']);
  });

  it('has a row field for every feature and a profile column for every profiled one', () => {
    expectTypeOf<keyof DriftFeatureRow>().toEqualTypeOf<DriftFeatureName>();
    expectTypeOf<keyof DriftProfile['columns']>().toEqualTypeOf<ProfileFeatureName>();
    const row = driftFeaturesOf({ text: 'x', parsed, occurredAt: new Date(0), zone: 'UTC' });
    expect(Object.keys(row).sort()).toEqual(DRIFT_FEATURES.map((f) => f.name).sort());
    expect(Object.keys(profileColumnsOf([row])).sort()).toEqual(
      DRIFT_FEATURES.filter((f) => f.inProfile)
        .map((f) => f.name)
        .sort(),
    );
  });

  it('types numeric features as numbers and categorical ones as strings', () => {
    const row = driftFeaturesOf({ text: 'напомни завтра', parsed, occurredAt: new Date(0), zone: 'UTC' });
    for (const f of DRIFT_FEATURES) {
      for (const v of featureValues([row], f.name)) expect(typeof v, f.name).toBe(f.kind === 'numeric' ? 'number' : 'string');
    }
  });
});

describe('driftFeaturesOf', () => {
  it('reads one message', () => {
    const row = driftFeaturesOf({ text: 'напомни зафтра в 9 позвонить маме 👨‍👩‍👧', parsed, occurredAt: new Date('2026-06-10T10:00:00Z'), zone: 'Europe/Moscow' });
    expect(row).toEqual({
      lang: 'ru',
      intent: 'create',
      text_chars: 34 + 5, // the family emoji is 5 code points (3 people, 2 zero-width joiners)
      text_tokens: 7,
      intent_confidence: 0.9877,
      slot_confidence: 0.4322,
      slot_tags: ['TRIGGER', 'TIME', 'TEXT'],
      corrections: 1,
      parser: 'model',
      local_hour: 13,
      zone: 'Europe/Moscow',
    });
  });

  it('leaves the hour and the zone unknown without an instant or a zone', () => {
    expect(driftFeaturesOf({ text: 'a', parsed }).local_hour).toBeNull();
    expect(driftFeaturesOf({ text: 'a', parsed }).zone).toBeNull();
    expect(driftFeaturesOf({ text: 'a', parsed, zone: 'Asia/Tokyo' })).toMatchObject({ local_hour: null, zone: 'Asia/Tokyo' });
    expect(driftFeaturesOf({ text: 'a', parsed, occurredAt: new Date(0) })).toMatchObject({ local_hour: null, zone: null });
  });
});

describe('textTokens (the ClickHouse splitByWhitespace rule)', () => {
  it.each([
    ['', 0],
    ['   ', 0],
    ['one', 1],
    ['  two  words ', 2],
    ['tab\tnew\nline\r\nfeed\fvt\v', 5],
  ])('%j → %d', (text, n) => expect(textTokens(text)).toBe(n));

  it('does not split at Unicode spaces (no-break, ideographic, ...) nor at zero-width ones', () => {
    for (const sp of ['\u00a0', '\u2007', '\u202f', '\u3000', '\u2028', '\ufeff', '\u200b', '\u0085'])
      expect(textTokens(`a${sp}b c`), sp.codePointAt(0)!.toString(16)).toBe(2);
  });
});

describe('textChars', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(textChars('')).toBe(0);
    expect(textChars('ёлка')).toBe(4);
    expect(textChars('⏰🔥')).toBe(2);
    expect(textChars('\ud800x')).toBe(2); // a lone surrogate is one (the store keeps it as U+FFFD)
  });
});

describe('roundConfidence', () => {
  it('keeps 4 decimals, so float32 neighbours of 1 tie with 1', () => {
    expect(roundConfidence(0.99999994)).toBe(1);
    expect(roundConfidence(0.12345)).toBe(0.1235);
    expect(roundConfidence(0.5)).toBe(0.5);
    expect(roundConfidence(0)).toBe(0);
  });
});

describe('localHour', () => {
  it("reads the chat's wall clock, DST included", () => {
    expect(localHour(new Date('2026-06-10T21:30:00Z'), 'Europe/Moscow')).toBe(0);
    expect(localHour(new Date('2026-06-10T12:00:00Z'), 'Europe/Berlin')).toBe(14); // CEST
    expect(localHour(new Date('2026-01-10T12:00:00Z'), 'Europe/Berlin')).toBe(13); // CET
    expect(localHour(new Date('2026-06-10T23:59:59Z'), 'UTC')).toBe(23);
  });

  it('is null for an unknown zone or an invalid date', () => {
    expect(localHour(new Date(0), 'Mars/Olympus')).toBeNull();
    expect(localHour(new Date(Number.NaN), 'UTC')).toBeNull();
  });
});

describe('driftProfileSchema', () => {
  const rows = [
    driftFeaturesOf({ text: 'напомни завтра в 9', parsed }),
    driftFeaturesOf({ text: 'list', parsed: { ...parsed, intent: 'list', slots: [], corrections: [] } }),
  ];
  const profile = {
    format: 1,
    modelVersion: '2026-12-01.1',
    createdAt: '2026-12-02T07:00:00Z',
    source: { kind: 'synthetic-training', seed: 7, n: 2, generator: 'inference/training/generate.py' },
    rows: 2,
    columns: profileColumnsOf(rows),
  };

  it('accepts a profile (slot tags have their own length)', () => {
    const p = driftProfileSchema.parse(profile);
    expect(p.columns.slot_tags).toHaveLength(3);
    expect(p.columns.intent).toEqual(['create', 'list']);
  });

  it('refuses a per-message column whose length is not rows', () => {
    const r = driftProfileSchema.safeParse({ ...profile, rows: 3 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('columns.text_chars');
  });

  it('refuses a missing column, an extra one, a wrong type, an out-of-range value and another format', () => {
    const { lang: _lang, ...noLang } = profile.columns;
    for (const bad of [
      { ...profile, columns: noLang },
      { ...profile, columns: { ...profile.columns, zone: ['UTC', 'UTC'] } },
      { ...profile, columns: { ...profile.columns, text_chars: ['1', '2'] } },
      { ...profile, columns: { ...profile.columns, intent_confidence: [0.5, 1.5] } },
      { ...profile, columns: { ...profile.columns, corrections: [0.5, 1] } },
      { ...profile, format: 2 },
      { ...profile, source: { ...profile.source, kind: 'production' } },
    ]) {
      expect(driftProfileSchema.safeParse(bad).success).toBe(false);
    }
  });
});
