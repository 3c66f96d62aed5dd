import { describe, expect, it } from 'vitest';
import { applyConditionalAll, expandMacros, expandQuery, interpolateVariables, type QueryContext } from './macros';

// 2026-11-01T00:00:00Z … 2026-11-08T00:00:00Z, one hour per point.
const ctx: QueryContext = {
  from: new Date('2026-11-01T00:00:00Z'),
  to: new Date('2026-11-08T00:00:00Z'),
  intervalMs: 3_600_000,
  variables: {
    lang: { kind: 'all', options: ['en', 'ru'] },
    zone: { kind: 'values', values: ['Europe/Moscow'] },
    model_version: { kind: 'values', values: ['m1', "o'k"] },
  },
};
const FROM = 1_793_491_200;
const TO = 1_794_096_000;

describe('the plugin’s backend macros (pkg/macros/macros.go)', () => {
  it('$__timeFilter compares with toDateTime of the range’s seconds, both ends inclusive', () => {
    expect(expandMacros('WHERE $__timeFilter(occurred_at)', ctx)).toBe(`WHERE occurred_at >= toDateTime(${FROM}) AND occurred_at <= toDateTime(${TO})`);
  });

  it('$__timeFilter_ms, $__fromTime_ms and $__toTime_ms use milliseconds', () => {
    expect(expandMacros('$__timeFilter_ms(t)', ctx)).toBe(`t >= fromUnixTimestamp64Milli(${FROM}000) AND t <= fromUnixTimestamp64Milli(${TO}000)`);
    expect(expandMacros('$__fromTime_ms, $__toTime_ms', ctx)).toBe(`fromUnixTimestamp64Milli(${FROM}000), fromUnixTimestamp64Milli(${TO}000)`);
  });

  it('$__timeInterval buckets by the interval in whole seconds, never below one', () => {
    expect(expandMacros('$__timeInterval(hour)', ctx)).toBe('toStartOfInterval(toDateTime(hour), INTERVAL 3600 second)');
    expect(expandMacros('$__timeInterval(hour)', { ...ctx, intervalMs: 20 })).toBe('toStartOfInterval(toDateTime(hour), INTERVAL 1 second)');
    expect(expandMacros('$__timeInterval_ms(t)', ctx)).toBe('toStartOfInterval(toDateTime64(t, 3), INTERVAL 3600000 millisecond)');
    expect(expandMacros('$__interval_s', ctx)).toBe('3600');
  });

  it('$__fromTime, $__toTime, $__timeFrom, $__timeTo, $__dateFilter and $__dateTimeFilter', () => {
    expect(expandMacros('$__fromTime..$__toTime', ctx)).toBe(`toDateTime(${FROM})..toDateTime(${TO})`);
    expect(expandMacros('$__timeFrom(t) AND $__timeTo(t)', ctx)).toBe(`t >= toDateTime(${FROM}) AND t <= toDateTime(${TO})`);
    expect(expandMacros('$__dateFilter(day)', ctx)).toBe("day >= toDate('2026-11-01') AND day <= toDate('2026-11-08')");
    expect(expandMacros('$__dt(d, t)', ctx)).toBe(
      `(d >= toDate('2026-11-01') AND d <= toDate('2026-11-08')) AND (t >= toDateTime(${FROM}) AND t <= toDateTime(${TO}))`,
    );
  });

  it('$__timeGroup takes a Go duration', () => {
    expect(expandMacros("$__timeGroup(t, '5m')", ctx)).toBe('toStartOfInterval(toDateTime(t), INTERVAL 300 second)');
    expect(() => expandMacros('$__timeGroup(t, 0s)', ctx)).toThrow(/invalid interval/);
  });

  it('a column expression with parentheses is one argument; a wrong count is an error', () => {
    expect(expandMacros('$__timeFilter(toDateTime(day))', ctx)).toBe(`toDateTime(day) >= toDateTime(${FROM}) AND toDateTime(day) <= toDateTime(${TO})`);
    expect(() => expandMacros('$__timeFilter(a, b)', ctx)).toThrow(/expected 1 argument/);
  });

  it('expands a macro inside another’s argument and trims arguments (the plugin’s own cases)', () => {
    expect(expandMacros('SELECT $__timeInterval($__fromTime) AS t', { ...ctx, intervalMs: 60_000 })).toBe(
      `SELECT toStartOfInterval(toDateTime(toDateTime(${FROM})), INTERVAL 60 second) AS t`,
    );
    expect(expandMacros('WHERE $__timeFilter(coalesce(closed_at, $__toTime))', ctx)).toBe(
      `WHERE coalesce(closed_at, toDateTime(${TO})) >= toDateTime(${FROM}) AND coalesce(closed_at, toDateTime(${TO})) <= toDateTime(${TO})`,
    );
    expect(expandMacros('$__timeFilter(cast(sth as timestamp) )', ctx)).toBe(
      `cast(sth as timestamp) >= toDateTime(${FROM}) AND cast(sth as timestamp) <= toDateTime(${TO})`,
    );
  });

  it('drops comments, keeps quoted text with comment marks', () => {
    expect(expandMacros("SELECT 1 -- $__fromTime\nWHERE msg = 'it\\'s -- fine' AND `a--b` = 1 /* $__toTime */ AND $__toTime", ctx)).toBe(
      `SELECT 1 \nWHERE msg = 'it\\'s -- fine' AND \`a--b\` = 1  AND toDateTime(${TO})`,
    );
  });

  it('leaves unknown macros and string literals alone', () => {
    expect(expandMacros("$__unknown(x), '$__fromTime', 'it''s $__toTime'", ctx)).toBe("$__unknown(x), '$__fromTime', 'it''s $__toTime'");
  });
});

describe('the frontend pass: $__conditionalAll and template variables', () => {
  it('$__conditionalAll is 1=1 for "All" and the condition for a selection', () => {
    expect(applyConditionalAll('WHERE $__conditionalAll(lang IN (${lang:singlequote}), $lang)', ctx.variables)).toBe('WHERE 1=1');
    expect(applyConditionalAll('WHERE $__conditionalAll(z IN (${zone:singlequote}), ${zone})', ctx.variables)).toBe('WHERE z IN (${zone:singlequote})');
  });

  it('formats values as Grafana does; "All" stands for every option', () => {
    expect(interpolateVariables('${lang:singlequote} ${zone:singlequote} ${model_version:singlequote}', ctx.variables)).toBe(
      "'en','ru' 'Europe/Moscow' 'm1','o\\'k'",
    );
    expect(interpolateVariables('$zone ${lang:csv} [[zone]] $model_version $other', ctx.variables)).toBe("Europe/Moscow en,ru Europe/Moscow 'm1','o'k' $other");
  });

  it('expands a whole panel query', () => {
    const sql =
      'SELECT $__timeInterval(hour) AS time, sum(messages) FROM mart_messages_hourly WHERE $__timeFilter(hour) AND $__conditionalAll(lang IN (${lang:singlequote}), $lang) AND $__conditionalAll(zone IN (${zone:singlequote}), $zone) GROUP BY time';
    expect(expandQuery(sql, ctx)).toBe(
      `SELECT toStartOfInterval(toDateTime(hour), INTERVAL 3600 second) AS time, sum(messages) FROM mart_messages_hourly WHERE hour >= toDateTime(${FROM}) AND hour <= toDateTime(${TO}) AND 1=1 AND zone IN ('Europe/Moscow') GROUP BY time`,
    );
  });
});
