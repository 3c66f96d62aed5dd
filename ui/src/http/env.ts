import type pg from 'pg';
import type { Session } from '../store/sessions';
import type { LoginLimiter } from '../auth/login-limit';

/** What every handler of the UI gets: its settings and dependencies, and the request's session. */
export interface UiDeps {
  pool: pg.Pool;
  schema: string;
  /** Secure cookies: on when the UI is served over TLS (behind a proxy that terminates it). */
  secureCookies: boolean;
  sessionTtlMs: number;
  limiter: LoginLimiter;
}

export type UiEnv = { Variables: { session: Session | null; deps: UiDeps } };

export const SESSION_COOKIE = 'napo_session';
export const LOGIN_CSRF_COOKIE = 'napo_login_csrf';
