/**
 * Errors of the ClickHouse HTTP gateway in ClickHouse's own form, so that `@clickhouse/client`
 * raises the same ClickHouseError (code, type, message) through the gateway as in process: the
 * body `Code: N. DB::Exception: <message>(<TYPE>) (version …)`, the header
 * `X-ClickHouse-Exception-Code`, and the HTTP status ClickHouse gives that code.
 */

/** The codes the gateway raises itself (numbers from ClickHouse's ErrorCodes.cpp). */
export const GATEWAY_ERROR_CODES = {
  UNSUPPORTED_METHOD: 1,
  BAD_ARGUMENTS: 36,
  NOT_IMPLEMENTED: 48,
  SYNTAX_ERROR: 62,
  UNKNOWN_FORMAT: 73,
  UNKNOWN_COMPRESSION_METHOD: 89,
  UNKNOWN_SETTING: 115,
  TOO_MANY_SIMULTANEOUS_QUERIES: 202,
  QUERY_IS_TOO_LARGE: 229,
  CANNOT_DECOMPRESS: 271,
  AUTHENTICATION_FAILED: 516,
  UNKNOWN_EXCEPTION: 1002,
} as const;

export type GatewayErrorName = keyof typeof GATEWAY_ERROR_CODES;

/** A failure as ClickHouse reports it; `message` in the engine's form (it ends with ". "). */
export interface ClickHouseFailure {
  code: number;
  type: string;
  message: string;
  /** The HTTP status, when not the one ClickHouse gives the code (see {@link httpStatus}). */
  status?: number;
}

/** An error the gateway raises before (or instead of) the engine. */
export class GatewayError extends Error implements ClickHouseFailure {
  readonly code: number;
  readonly status: number | undefined;
  /** The rest of the request was not read: the connection must close after the answer. */
  readonly closeConnection: boolean;
  constructor(
    readonly type: GatewayErrorName,
    text: string,
    opts: { status?: number; closeConnection?: boolean } = {},
  ) {
    super(`${text.replace(/\.?\s*$/, '')}. `);
    this.code = GATEWAY_ERROR_CODES[type];
    this.status = opts.status;
    this.closeConnection = opts.closeConnection ?? false;
    this.name = 'GatewayError';
  }
}

/** What the engine (through chdb's connection) throws: client-common's ClickHouseError, by shape. */
function engineFailure(err: unknown): ClickHouseFailure | null {
  if (!(err instanceof Error) || !('code' in err) || !('type' in err)) return null;
  const code = Number(err.code);
  if (!Number.isInteger(code) || typeof err.type !== 'string' || !/^[A-Z0-9_]+$/.test(err.type)) return null;
  return { code, type: err.type, message: err.message };
}

/** Any error as a ClickHouse failure; one without a code is UNKNOWN_EXCEPTION (as in ClickHouse). */
export function toFailure(err: unknown): ClickHouseFailure {
  if (err instanceof GatewayError) return { code: err.code, type: err.type, message: err.message, ...(err.status ? { status: err.status } : {}) };
  const engine = engineFailure(err);
  if (engine) return engine;
  const text = err instanceof Error ? err.message : String(err);
  return { code: GATEWAY_ERROR_CODES.UNKNOWN_EXCEPTION, type: 'UNKNOWN_EXCEPTION', message: `${text.replace(/\.?\s*$/, '')}. ` };
}

// HTTP statuses as ClickHouse's exceptionCodeToHTTPStatus gives them, for the codes the engine and
// the gateway raise. Where ClickHouse answers 500 to the caller's own mistake, the gateway says so:
// READONLY (a write sent with GET) 403, a bad or missing query parameter (456, 457) 400, and
// TOO_MANY_SIMULTANEOUS_QUERIES 503 (retry later).
const STATUS_BY_CODE = new Map<number, number>();
const statusFor = (status: number, codes: number[]) => codes.forEach((c) => STATUS_BY_CODE.set(c, status));
// Authentication failures: 401, as ClickHouse up to 24.x (later versions answer 403).
statusFor(401, [192, 193, 194, 516]);
statusFor(403, [164, 497, 512]);
statusFor(400, [6, 8, 15, 25, 26, 27, 36, 37, 38, 41, 44, 53, 62, 72, 117, 123, 167, 168, 223, 321, 376, 427, 441, 456, 457]);
statusFor(404, [46, 47, 50, 56, 60, 63, 73, 78, 81, 115, 152, 336]);
statusFor(413, [229]);
statusFor(501, [48]);
statusFor(503, [76, 202, 209, 439]);
statusFor(408, [159]);

export function httpStatus(code: number): number {
  return STATUS_BY_CODE.get(code) ?? 500;
}

/** The response body ClickHouse sends for a failure (the client parses code, message and type). */
export function errorBody(f: ClickHouseFailure, version: string): string {
  return `Code: ${f.code}. DB::Exception: ${f.message}(${f.type}) (version ${version})\n`;
}
