import { describe, expect, it } from 'vitest';
import { FloodLimiter, SlidingWindow, DEFAULT_RATE_LIMITS } from './rate-limit';

describe('SlidingWindow', () => {
  it('counts events inside the last window only', () => {
    const w = new SlidingWindow(2, 1000);
    w.add(0);
    w.add(500);
    expect(w.count(999)).toBe(2);
    expect(w.full(999)).toBe(true);
    expect(w.count(1000)).toBe(1); // the event at 0 left at exactly 1000
    expect(w.full(1000)).toBe(false);
    expect(w.count(1500)).toBe(0);
  });

  it('says how long until one more fits', () => {
    const w = new SlidingWindow(1, 1000);
    expect(w.waitMs(0)).toBe(0);
    w.add(100);
    expect(w.waitMs(400)).toBe(700);
    expect(w.waitMs(1100)).toBe(0);
  });

  it('a limit of 0 is never full', () => {
    const w = new SlidingWindow(0, 1000);
    for (let i = 0; i < 100; i++) w.add(i);
    expect(w.full(100)).toBe(false);
    expect(w.count(100)).toBe(100);
  });
});

describe('FloodLimiter', () => {
  it('refuses a second message to one chat within a second, with retry_after rounded up', () => {
    const l = new FloodLimiter(DEFAULT_RATE_LIMITS);
    expect(l.take(0, 'sendMessage', 1, false).ok).toBe(true);
    const d = l.take(200, 'sendMessage', 1, false);
    expect(d).toMatchObject({ ok: false, retryAfter: 1 });
    expect(d.violations).toEqual([expect.objectContaining({ kind: 'chat', chatId: 1, refused: true, inWindow: 1, limit: 1 })]);
    expect(l.take(200, 'sendMessage', 2, false).ok).toBe(true); // another chat is free
    expect(l.take(1000, 'sendMessage', 1, false).ok).toBe(true); // a refused one took no place
  });

  it('caps the total at 30 a second over all chats', () => {
    const l = new FloodLimiter(DEFAULT_RATE_LIMITS);
    for (let chat = 1; chat <= 30; chat++) expect(l.take(chat * 10, 'sendMessage', chat, false).ok).toBe(true);
    const d = l.take(500, 'sendMessage', 31, false);
    expect(d.ok).toBe(false);
    expect(d.violations[0]).toMatchObject({ kind: 'global', inWindow: 30 });
    expect(l.take(1010, 'sendMessage', 31, false).ok).toBe(true); // the first left the window
  });

  it('limits groups to 20 a minute, retry_after in whole seconds', () => {
    const l = new FloodLimiter({ ...DEFAULT_RATE_LIMITS, perChatPerSecond: 0 });
    for (let i = 0; i < 20; i++) expect(l.take(i * 100, 'sendMessage', -5, true).ok).toBe(true);
    const d = l.take(2000, 'sendMessage', -5, true);
    expect(d).toMatchObject({ ok: false, retryAfter: 58 });
    expect(d.violations[0]!.kind).toBe('group');
  });

  it('with enforcement off, lets everything through and records each violation', () => {
    const l = new FloodLimiter({ ...DEFAULT_RATE_LIMITS, enforce: false });
    expect(l.take(0, 'sendMessage', 1, false).ok).toBe(true);
    const d = l.take(10, 'sendMessage', 1, false);
    expect(d.ok).toBe(true);
    expect(d.violations).toEqual([expect.objectContaining({ kind: 'chat', refused: false })]);
    const d2 = l.take(20, 'sendMessage', 1, false);
    expect(d2.violations[0]!.inWindow).toBe(2); // counted although over the limit
  });

  it('counts only the configured methods', () => {
    const l = new FloodLimiter(DEFAULT_RATE_LIMITS);
    expect(l.counts('sendMessage')).toBe(true);
    expect(l.counts('editMessageText')).toBe(false);
  });

  it('stays small over many chats', () => {
    const l = new FloodLimiter(DEFAULT_RATE_LIMITS);
    for (let i = 0; i < 20_000; i++) l.take(i * 40, 'sendMessage', i, false);
    expect((l as unknown as { chats: Map<number, unknown> }).chats.size).toBeLessThan(5000);
  });
});
