import { describe, expect, it } from 'vitest';
import { queueRole } from './rabbitmq-queues';

describe('queueRole', () => {
  it('reads the topology names under a prefix', () => {
    expect(queueRole('t_1.projector-pg', 't_1.')).toEqual({ role: 'consumer', consumer: 'projector-pg' });
    expect(queueRole('t_1.bot-replies.parked', 't_1.')).toEqual({ role: 'parked', consumer: 'bot-replies' });
    expect(queueRole('t_1.bot-replies.retry.4000', 't_1.')).toEqual({ role: 'retry' });
    expect(queueRole('other.projector-pg', 't_1.')).toEqual({ role: 'other' });
    expect(queueRole('reminders', '')).toEqual({ role: 'consumer', consumer: 'reminders' });
  });
});
