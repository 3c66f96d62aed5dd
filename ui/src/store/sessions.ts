import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { quoteIdent } from '@napominalka/core';
import type { Role } from './users';

export interface Session {
  username: string;
  role: Role;
  /** The token every form and htmx request of this session must carry. */
  csrf: string;
  expiresAt: Date;
}

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const table = (schema: string) => `${quoteIdent(schema)}.ui_sessions`;

/** A new session: the token goes into the cookie, only its hash into the table. */
export async function createSession(db: pg.Pool, schema: string, username: string, ttlMs: number): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.query(`insert into ${table(schema)} (token_sha256, username, csrf, expires_at) values ($1, $2, $3, $4)`, [
    sha(token),
    username,
    csrf,
    new Date(Date.now() + ttlMs),
  ]);
  return { token, csrf };
}

export async function findSession(db: pg.Pool, schema: string, token: string): Promise<Session | null> {
  const r = await db.query<{ username: string; role: Role; csrf: string; expires_at: Date }>(
    `select s.username, u.role, s.csrf, s.expires_at from ${table(schema)} s join ${quoteIdent(schema)}.ui_users u using (username)
     where s.token_sha256 = $1 and s.expires_at > now()`,
    [sha(token)],
  );
  const row = r.rows[0];
  return row ? { username: row.username, role: row.role, csrf: row.csrf, expiresAt: row.expires_at } : null;
}

export async function deleteSession(db: pg.Pool, schema: string, token: string): Promise<void> {
  await db.query(`delete from ${table(schema)} where token_sha256 = $1`, [sha(token)]);
}

export async function deleteExpiredSessions(db: pg.Pool, schema: string): Promise<number> {
  const r = await db.query(`delete from ${table(schema)} where expires_at <= now()`);
  return r.rowCount ?? 0;
}
