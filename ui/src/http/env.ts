import type pg from 'pg';
import type { ClickHouse } from '@napominalka/core/clickhouse';
import type { Session } from '../store/sessions';
import type { LoginLimiter } from '../auth/login-limit';
import type { Lang } from './i18n/lang';

/** Another service the UI talks to over HTTP: its base URL and the credential it expects (none: the pages that need it say so). */
export interface ServiceLink {
  url: string;
  token: string | null;
}

/** What every handler of the UI gets: its settings and dependencies, and the request's session. */
export interface UiDeps {
  pool: pg.Pool;
  schema: string;
  /** Secure cookies: on when the UI is served over TLS (behind a proxy that terminates it). */
  secureCookies: boolean;
  sessionTtlMs: number;
  limiter: LoginLimiter;
  /** The analytics marts and ETL tables (the projector's gateway or a ClickHouse server). */
  ch: ClickHouse;
  /** The inference API: /v1/parse (playground), /openapi.json (API docs), model admin. */
  inference: ServiceLink;
  /** The ETL's control API: asset graph, partitions, runs, materialize, backfill, cancel. */
  etl: ServiceLink;
  /** The model registry folder (MODEL_REGISTRY_DIR). */
  modelsDir: string;
  /** The zone a chat without one is in, and the playground's default. */
  defaultTimezone: string;
  /** The clock (tests pin it). */
  now: () => Date;
}

export type UiEnv = { Variables: { session: Session | null; deps: UiDeps; lang: Lang } };

export const SESSION_COOKIE = 'napo_session';
export const LOGIN_CSRF_COOKIE = 'napo_login_csrf';
export const LANG_COOKIE = 'napo_lang';
