import { describe, expect, it } from 'vitest';
import { opsPortOf, parseStatementCounts, statementsPerMessage } from './statements';

describe('bench:bot Postgres statements per message', () => {
  it('reads the counters of a /metrics text and divides their growth by the messages, per hop', () => {
    const before = parseStatementCounts(
      [
        '# HELP napominalka_pg_statements_total x',
        'napominalka_pg_statements_total{component="inference"} 10',
        'napominalka_pg_statements_total{component="relay"} 4',
      ].join('\n'),
    );
    const after = parseStatementCounts(
      [
        'napominalka_pg_statements_total{component="inference"} 30',
        'napominalka_pg_statements_total{component="relay"} 8',
        'napominalka_pg_statements_total{component="bot-alerts"} 2',
        'napominalka_events_appended_total{type="x"} 99',
      ].join('\n'),
    );
    expect(statementsPerMessage(before, after, 4)).toEqual({ total: 6.5, byHop: { parse: 5, relay: 1, 'bot-alerts': 0.5 } });
  });

  it('finds the ops port a service logged at start', () => {
    expect(opsPortOf(['{"level":30,"msg":"x"}', '{"level":30,"opsPort":41234,"msg":"bot started"}'])).toBe(41234);
    expect(opsPortOf(['nothing'])).toBeNull();
  });
});
