import { describe, expect, it } from 'vitest';
import { activeStack, modelStatuses, rollbackTarget, type Promotion } from './promotions';

let n = 0;
function p(version: string, previous: string | null, reason: Promotion['reason'] = 'manual', extra: Partial<Promotion> = {}): Promotion {
  n++;
  return { version, previous, metrics: {}, reason, actor: 'cli:ops', eventId: `e${n}`, streamPosition: n, recordedAt: `2026-12-0${n}T00:00:00Z`, ...extra };
}

describe('rollbackTarget', () => {
  it('is null with no promotions and nothing before the registry current', () => {
    expect(rollbackTarget([], 'a')).toBeNull();
    expect(rollbackTarget([], null)).toBeNull();
  });

  it('goes back to the version before the first promotion (its previous, else the registry current)', () => {
    expect(rollbackTarget([p('b', 'a')], 'x')).toBe('a');
    expect(rollbackTarget([p('b', null)], 'a')).toBe('a');
    expect(rollbackTarget([p('b', null)], null)).toBeNull();
  });

  it('treats promotions as a stack: two rollbacks in a row go two steps back, a third has nowhere to go', () => {
    const ps = [p('b', 'a'), p('c', 'b'), p('d', 'c')];
    expect(rollbackTarget(ps, 'a')).toBe('c');
    ps.push(p('c', 'd', 'rollback'));
    expect(rollbackTarget(ps, 'a')).toBe('b');
    ps.push(p('b', 'c', 'rollback'));
    expect(rollbackTarget(ps, 'a')).toBe('a');
    ps.push(p('a', 'b', 'rollback'));
    expect(rollbackTarget(ps, 'a')).toBeNull();
    expect(activeStack(ps, 'a')).toEqual(['a']);
  });

  it('a promotion after a rollback pushes again; promoting the active version again is no step', () => {
    const ps = [p('b', 'a'), p('a', 'b', 'rollback'), p('c', 'a'), p('c', 'c', 'evaluation')];
    expect(activeStack(ps, 'a')).toEqual(['a', 'c']);
    expect(rollbackTarget(ps, 'a')).toBe('a');
  });

  it('trusts a rollback event that went elsewhere than the stack says', () => {
    const ps = [p('b', 'a'), p('c', 'b'), p('a', 'c', 'rollback')];
    expect(activeStack(ps, 'a')).toEqual(['a']);
    expect(activeStack([p('b', 'a'), p('c', 'b', 'rollback')], 'a')).toEqual(['a', 'c']);
    // Old events without a reason are promotions.
    expect(
      rollbackTarget(
        [
          { version: 'b', previous: 'a' },
          { version: 'c', previous: 'b' },
        ] as Promotion[],
        null,
      ),
    ).toBe('b');
  });
});

describe('modelStatuses', () => {
  it('before any promotion: the registry current is active, the others candidates', () => {
    expect(modelStatuses({ current: 'a', versions: ['a', 'b'] }, [])).toEqual([
      { version: 'a', status: 'active' },
      { version: 'b', status: 'candidate' },
    ]);
  });

  it('active = last promoted, retired = was active, candidate = never; with who promoted and why', () => {
    const ps = [
      p('b', 'a', 'evaluation', { actor: 'etl:run-1', runId: 'run-1', note: 'better due' }),
      p('c', 'b', 'manual', { actor: 'cli:ops' }),
      p('b', 'c', 'rollback', { actor: 'cli:ops', note: 'c misreads dates' }),
    ];
    const rows = modelStatuses({ current: 'a', versions: ['a', 'b', 'c', 'd'] }, ps);
    expect(rows.map((r) => [r.version, r.status])).toEqual([
      ['a', 'retired'],
      ['b', 'active'],
      ['c', 'retired'],
      ['d', 'candidate'],
    ]);
    expect(rows[1]).toMatchObject({ promotedAt: ps[2]!.recordedAt, promotedBy: 'cli:ops', reason: 'rollback', note: 'c misreads dates' });
    expect(rows[0]).not.toHaveProperty('promotedAt');
  });

  it('lists a promoted version missing from registry.json, and reads without a registry', () => {
    expect(modelStatuses(null, [p('z', null)]).map((r) => [r.version, r.status])).toEqual([['z', 'active']]);
    expect(modelStatuses({ current: 'a', versions: ['a'] }, [p('z', 'a')]).map((r) => [r.version, r.status])).toEqual([
      ['a', 'retired'],
      ['z', 'active'],
    ]);
  });
});
