import { CALLBACK_DATA_MAX_BYTES, decodeCallbackData } from '@napominalka/core';
import { describe, expect, it } from 'vitest';
import { decodeListPage, decodeListRequest, encodeListPage, listPeriodOf } from './list-page';

/** The ◀️ ▶️ buttons of a period's list carry the period; buttons sent before periods existed still page the whole list. */
describe('list paging callback data with a period', () => {
  const weekend = { from: '2026-12-05', to: '2026-12-06' };

  it('carries the page and both days, and reads them back', () => {
    expect(encodeListPage(2, weekend)).toBe('lp:2:20261205-20261206');
    expect(decodeListRequest(encodeListPage(2, weekend))).toEqual({ page: 2, period: weekend });
    expect(decodeListPage(encodeListPage(2, weekend))).toBe(2);
    expect(Buffer.byteLength(encodeListPage(9999, { from: '2026-12-28', to: '2027-01-03' }))).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  });

  it('an old button without a period pages the whole list', () => {
    expect(decodeListRequest('lp:3')).toEqual({ page: 3, period: null });
    expect(encodeListPage(3)).toBe('lp:3');
    expect(encodeListPage(3, null)).toBe('lp:3');
  });

  it('refuses a period that is no dates, or runs backwards', () => {
    for (const bad of [
      'lp:1:20260230-20260301',
      'lp:1:20261206-20261205',
      'lp:1:2026120-20261206',
      'lp:1:20261205',
      'lp:1:20261205-',
      'lp:01:20261205-20261206',
    ])
      expect(decodeListRequest(bad)).toBeNull();
    expect(() => encodeListPage(0, { from: '2026-12-06', to: '2026-12-05' })).toThrow(RangeError);
    expect(() => encodeListPage(0, { from: 'tomorrow', to: 'tomorrow' })).toThrow(RangeError);
  });

  it("is still no verb of core's codec (the domain ignores it)", () => {
    expect(decodeCallbackData(encodeListPage(1, weekend)).ok).toBe(false);
  });

  it('listPeriodOf: both days or none', () => {
    expect(listPeriodOf('2026-12-05', '2026-12-05')).toEqual({ from: '2026-12-05', to: '2026-12-05' });
    expect(listPeriodOf(null, null)).toBeNull();
    expect(listPeriodOf(undefined, '2026-12-05')).toBeNull();
    expect(listPeriodOf('2026-13-01', '2026-13-01')).toBeNull();
  });
});
