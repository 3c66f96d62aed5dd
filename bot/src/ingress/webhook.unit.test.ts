import { describe, expect, it } from 'vitest';
import { secretMatches } from './webhook';
import { parseUpdate } from './update-schema';

describe('webhook secret', () => {
  it('matches only the exact secret', () => {
    expect(secretMatches('s3cret-0123456789abcdef', 's3cret-0123456789abcdef')).toBe(true);
    for (const wrong of [undefined, '', 's3cret-0123456789abcde', 's3cret-0123456789abcdefg', 'S3cret-0123456789abcdef', ['s3cret-0123456789abcdef']]) {
      expect(secretMatches(wrong, 's3cret-0123456789abcdef')).toBe(false);
    }
  });
});

describe('what an update must look like to be read', () => {
  it('takes updates with fields it does not know, and says what is wrong with one it cannot read', () => {
    expect(parseUpdate({ update_id: 1, message: { message_id: 2, date: 3, chat: { id: 4, type: 'private' }, text: 'hi', new_field: {} } })).toHaveProperty(
      'update',
    );
    expect(parseUpdate({ update_id: 1, poll: { id: 'p' } })).toHaveProperty('update');
    expect(parseUpdate({ update_id: 1, message: { message_id: 2, date: 3, text: 'hi' } })).toEqual({ error: 'message.chat: Required' });
    expect(parseUpdate({ update_id: 1, callback_query: { id: '', from: { id: 1 } } })).toHaveProperty('error');
    expect(parseUpdate('nope')).toHaveProperty('error');
  });
});
