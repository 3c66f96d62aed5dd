import { describe, expect, it } from 'vitest';
import { parseError } from '@clickhouse/client';
import { errorBody, GatewayError, httpStatus, toFailure } from './gateway-errors';
import { contentType, isInsert, outputFormat, planQuery, quoteName, setStatement } from './gateway-request';

const search = (q: string) => new URLSearchParams(q);

describe('gateway request plans', () => {
  it('reads the statement, parameters, settings, database, format and query id of a URL', () => {
    const plan = planQuery(
      'POST',
      search(
        'query=INSERT+INTO+t+FORMAT+JSONEachRow&param_x=1&param_s=a%27b&async_insert=0&database=db1&default_format=JSON&query_id=q1&enable_http_compression=1&wait_end_of_query=1&user=u&password=p',
      ),
    );
    expect(plan).toEqual({
      queryId: 'q1',
      urlQuery: 'INSERT INTO t FORMAT JSONEachRow',
      params: new Map([
        ['x', '1'],
        ['s', "a'b"],
      ]),
      settings: [['async_insert', '0']],
      database: 'db1',
      defaultFormat: 'JSON',
    });
    expect(planQuery('POST', search('')).queryId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('makes a GET read-only, last, unless it asked for the stricter readonly = 1', () => {
    expect(planQuery('GET', search('max_threads=2&readonly=0')).settings).toEqual([
      ['max_threads', '2'],
      ['readonly', '2'],
    ]);
    expect(planQuery('GET', search('readonly=1')).settings).toEqual([['readonly', '1']]);
    expect(planQuery('POST', search('readonly=1')).settings).toEqual([['readonly', '1']]);
  });

  it('refuses what it cannot do, by ClickHouse code', () => {
    const refused = (q: string) => {
      try {
        planQuery('POST', search(q));
      } catch (err) {
        return toFailure(err).type;
      }
      return 'accepted';
    };
    expect(refused('session_id=abc')).toBe('NOT_IMPLEMENTED');
    expect(refused('decompress=1')).toBe('NOT_IMPLEMENTED');
    expect(refused('role=admin')).toBe('NOT_IMPLEMENTED');
    expect(refused('bad%20name=1')).toBe('UNKNOWN_SETTING');
    expect(refused('default_format=JSON%20--x')).toBe('UNKNOWN_FORMAT');
    expect(refused('compress=0&session_id=')).toBe('accepted');
  });

  it('writes settings and names so that no value leaves its quotes', () => {
    expect(setStatement([])).toBeNull();
    expect(
      setStatement([
        ['max_threads', '2'],
        ['log_comment', "x'; DROP TABLE t; --\\"],
      ]),
    ).toBe("SET max_threads = '2', log_comment = 'x\\'; DROP TABLE t; --\\\\'");
    expect(quoteName('a`b\\c')).toBe('`a\\`b\\\\c`');
    expect(setStatement([['log_comment', 'a\0b']])).toBe("SET log_comment = 'a\\0b'");
  });

  it('names the output format and its content type', () => {
    expect(outputFormat('SELECT 1 \nFORMAT JSONEachRow', null)).toBe('JSONEachRow');
    expect(outputFormat('SELECT 1 FORMAT CSV;', 'JSON')).toBe('CSV');
    expect(outputFormat('SELECT 1', 'JSON')).toBe('JSON');
    expect(outputFormat('SELECT 1', null)).toBe('TabSeparated');
    expect(outputFormat('-- rows\nINSERT INTO t FORMAT JSONEachRow', null)).toBe('TabSeparated');
    expect(isInsert('/* c */ insert into t values')).toBe(true);
    expect(isInsert('SELECT 1 -- INSERT')).toBe(false);
    expect(contentType('JSONEachRow')).toMatch(/^application\/json/);
    expect(contentType('TSV')).toMatch(/^text\/tab-separated-values/);
    expect(contentType('CSVWithNames')).toBe('text/csv; charset=UTF-8; header=present');
    expect(contentType('RowBinary')).toBe('application/octet-stream');
  });
});

describe('gateway errors', () => {
  it('are parsed back by the client into the same code, type and message', () => {
    const engine = toFailure(Object.assign(new Error("Unknown table expression identifier 'x'. "), { code: '60', type: 'UNKNOWN_TABLE' }));
    expect(parseError(errorBody(engine, '26.7.2.1'))).toMatchObject({
      code: '60',
      type: 'UNKNOWN_TABLE',
      message: "Unknown table expression identifier 'x'. ",
    });
    const own = toFailure(new GatewayError('AUTHENTICATION_FAILED', 'u: Authentication failed'));
    expect(parseError(errorBody(own, '1'))).toMatchObject({ code: '516', type: 'AUTHENTICATION_FAILED', message: 'u: Authentication failed. ' });
    expect(toFailure(new Error('boom'))).toEqual({ code: 1002, type: 'UNKNOWN_EXCEPTION', message: 'boom. ' });
  });

  it('carry the HTTP status ClickHouse gives their code', () => {
    expect([516, 62, 60, 115, 229, 48, 164, 202, 49].map(httpStatus)).toEqual([401, 400, 404, 404, 413, 501, 403, 503, 500]);
    expect(toFailure(new GatewayError('UNSUPPORTED_METHOD', 'no', { status: 405 })).status).toBe(405);
  });
});
