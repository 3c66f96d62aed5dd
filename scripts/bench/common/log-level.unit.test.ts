import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/src/observability/logger';
import { loggedAtLeast, logLevelOf } from './log-level';

describe('logLevelOf', () => {
  it('reads the services’ own lines (labels), as core’s logger writes them', () => {
    const lines: string[] = [];
    const log = createLogger({ service: 'test', level: 'info' }, { write: (l) => void lines.push(l) });
    log.info('fine');
    log.warn('careful');
    log.error('broken');
    expect(lines.map((l) => loggedAtLeast(l, 'warn'))).toEqual([false, true, true]);
    expect(lines.map((l) => loggedAtLeast(l, 'error'))).toEqual([false, false, true]);
  });

  it.each([
    ['{"level":40,"msg":"x"}', 40],
    ['{"level":"fatal","msg":"x"}', 60],
    ['{"level":"loud"}', null],
    ['not a log line', null],
  ])('%s → %s', (line, level) => expect(logLevelOf(line)).toBe(level));
});
