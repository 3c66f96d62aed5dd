import type pg from 'pg';
import { quoteIdent } from '@napominalka/core';
import { z } from 'zod';
import { hashPassword, passwordProblem } from '../auth/password';

export const ROLES = ['viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'a user name is 2–32 lower-case letters, digits, ".", "_" or "-"');

export interface User {
  username: string;
  role: Role;
  passwordHash: string;
}

export class UserError extends Error {
  override name = 'UserError';
}

const table = (schema: string) => `${quoteIdent(schema)}.ui_users`;

export async function findUser(db: pg.Pool, schema: string, username: string): Promise<User | null> {
  const r = await db.query<{ username: string; role: Role; password_hash: string }>(
    `select username, role, password_hash from ${table(schema)} where username = $1`,
    [username],
  );
  const row = r.rows[0];
  return row ? { username: row.username, role: row.role, passwordHash: row.password_hash } : null;
}

export async function listUsers(db: pg.Pool, schema: string): Promise<Array<{ username: string; role: Role; createdAt: Date }>> {
  const r = await db.query<{ username: string; role: Role; created_at: Date }>(`select username, role, created_at from ${table(schema)} order by username`);
  return r.rows.map((u) => ({ username: u.username, role: u.role, createdAt: u.created_at }));
}

async function checkedHash(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new UserError(problem);
  return hashPassword(password);
}

export async function addUser(db: pg.Pool, schema: string, u: { username: string; password: string; role: Role }): Promise<void> {
  const name = usernameSchema.safeParse(u.username);
  if (!name.success) throw new UserError(name.error.issues[0]!.message);
  const hash = await checkedHash(u.password);
  const r = await db.query(`insert into ${table(schema)} (username, password_hash, role) values ($1, $2, $3) on conflict do nothing`, [
    u.username,
    hash,
    u.role,
  ]);
  if (r.rowCount === 0) throw new UserError(`user ${u.username} exists`);
}

/** A new password ends every session of the user (a stolen cookie stops working). */
export async function setPassword(db: pg.Pool, schema: string, username: string, password: string): Promise<void> {
  const hash = await checkedHash(password);
  const r = await db.query(`update ${table(schema)} set password_hash = $2, password_changed_at = now() where username = $1`, [username, hash]);
  if (r.rowCount === 0) throw new UserError(`no user ${username}`);
  await db.query(`delete from ${quoteIdent(schema)}.ui_sessions where username = $1`, [username]);
}

export async function removeUser(db: pg.Pool, schema: string, username: string): Promise<void> {
  const r = await db.query(`delete from ${table(schema)} where username = $1`, [username]);
  if (r.rowCount === 0) throw new UserError(`no user ${username}`);
}

export async function hasAdmin(db: pg.Pool, schema: string): Promise<boolean> {
  const r = await db.query(`select 1 from ${table(schema)} where role = 'admin' limit 1`);
  return (r.rowCount ?? 0) > 0;
}
