import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { createLogger } from '../observability/logger';
import type { ClickHouse } from './client';
import { startClickHouseGateway, type ClickHouseGateway } from './gateway';
import { createTestClickHouse, type TestClickHouse } from './testing';

const USER = 'ui';
const PASSWORD = 'http-test-password';
const AUTH = { Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` };
const log = createLogger({ service: 'test', level: 'silent' });
let tch: TestClickHouse;
let ch: ClickHouse;
let gw: ClickHouseGateway;
const clients: ClickHouseClient[] = [];
const gateways: ClickHouseGateway[] = [];

const client = (extra: Parameters<typeof createClient>[0] = {}) => {
  const c = createClient({ url: gw.url, username: USER, password: PASSWORD, log: { level: ClickHouseLogLevel.OFF }, ...extra });
  clients.push(c);
  return c;
};
const post = (sql: string, query = '', init: RequestInit = {}) =>
  fetch(`${gw.url}/${query}`, { method: 'POST', body: sql, ...init, headers: { ...AUTH, ...(init.headers as Record<string, string>) } });

/** Status, exception code and body of a failed request. */
async function failure(r: Response): Promise<{ status: number; code: string | null; body: string }> {
  return { status: r.status, code: r.headers.get('x-clickhouse-exception-code'), body: await r.text() };
}

beforeAll(async () => {
  tch = await createTestClickHouse();
  ch = tch.ch;
  await ch.command(`CREATE DATABASE ${ch.database}`);
  await ch.command(`CREATE TABLE ${ch.table('t')} (x UInt32, s String) ENGINE = MergeTree ORDER BY x`);
  gw = await startClickHouseGateway({ ch, port: 0, user: USER, password: PASSWORD, log });
  gateways.push(gw);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  for (const g of gateways) await g.close();
  await tch?.cleanup();
});

describe('ClickHouse gateway, the HTTP interface', () => {
  it('answers with ClickHouse headers: query id, format, content type, summary, time zone', async () => {
    const queryId = randomUUID();
    const r = await post('SELECT 1 AS a FORMAT JSONEachRow', `?query_id=${queryId}`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('{"a":1}\n');
    expect(r.headers.get('x-clickhouse-query-id')).toBe(queryId);
    expect(r.headers.get('x-clickhouse-format')).toBe('JSONEachRow');
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(r.headers.get('x-clickhouse-summary') ?? '')).toMatchObject({ read_rows: expect.any(String), elapsed_ns: expect.any(String) });
    expect(r.headers.get('x-clickhouse-timezone')).toBeTruthy();
    expect(await (await post('SELECT 1 AS a')).text()).toBe('1\n'); // TabSeparated, as a server's default
    expect(await (await post('SELECT 1 AS a', '?default_format=JSONEachRow')).text()).toBe('{"a":1}\n');
    const binary = Buffer.from(await (await post('SELECT toUInt32(7) FORMAT RowBinary')).arrayBuffer());
    expect([...binary]).toEqual([7, 0, 0, 0]);
  });

  it('inserts with the statement in the URL and the rows as the body', async () => {
    const rows = '{"x":1,"s":"a"}\n{"x":2,"s":"b"}\n';
    const r = await post(rows, `?query=${encodeURIComponent(`INSERT INTO ${ch.table('t')} FORMAT JSONEachRow`)}`);
    expect(r.status).toBe(200);
    // The embedded engine reports no written rows; the summary has the fields, and the time.
    expect(JSON.parse(r.headers.get('x-clickhouse-summary') ?? '')).toMatchObject({ written_rows: expect.any(String), elapsed_ns: expect.any(String) });
    expect(await ch.query(`SELECT x, s FROM ${ch.table('t')} ORDER BY x`)).toEqual([
      { x: 1, s: 'a' },
      { x: 2, s: 'b' },
    ]);
  });

  it('takes the database, gzip both ways, multipart parameters and a 10,000-id parameter from the client', async () => {
    const inDb = client({ database: ch.database, compression: { request: true, response: true } });
    expect(await (await inDb.query({ query: 'SELECT currentDatabase() AS db, count() AS n FROM t', format: 'JSONEachRow' })).json()).toEqual([
      { db: ch.database, n: 2 },
    ]);
    await inDb.insert({ table: 't', values: [{ x: 3, s: 'c' }], format: 'JSONEachRow' });
    const multipart = client({ use_multipart_params: true });
    const rs = await multipart.query({
      query: 'SELECT {s:String} AS s, {a:Array(UInt8)} AS a',
      query_params: { s: "o'k\t", a: [1, 2] },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ s: "o'k\t", a: [1, 2] }]);
    const ids = Array.from({ length: 10_000 }, () => randomUUID());
    const big = await client().query({
      query: 'SELECT length({ids:Array(UUID)}) AS n, {ids:Array(UUID)}[10000] AS last',
      query_params: { ids },
      format: 'JSONEachRow',
    });
    expect(await big.json()).toEqual([{ n: 10_000, last: ids[9999] }]);
    expect((await client().ping({ select: true })).success).toBe(true);
  });

  it('refuses bad requests clearly and keeps serving', async () => {
    expect(await failure(await post(''))).toMatchObject({
      status: 400,
      code: '62',
      body: expect.stringMatching(/^Code: 62\. DB::Exception: Empty query.*\(SYNTAX_ERROR\)/),
    });
    const create = await fetch(`${gw.url}/?query=${encodeURIComponent(`CREATE TABLE ${ch.table('via_get')} (x UInt8) ENGINE = Memory`)}`, { headers: AUTH });
    expect(await failure(create)).toMatchObject({ status: 403, code: '164', body: expect.stringContaining('readonly') });
    const insert = await fetch(`${gw.url}/?query=${encodeURIComponent(`INSERT INTO ${ch.table('t')} VALUES (9, 'z')`)}`, { headers: AUTH });
    expect(await failure(insert)).toMatchObject({ status: 403, code: '164' });
    expect(await failure(await fetch(`${gw.url}/nope`))).toMatchObject({ status: 404, body: expect.stringContaining('There is no handle /nope') });
    expect(await failure(await fetch(`${gw.url}/`, { method: 'PUT', body: 'SELECT 1', headers: AUTH }))).toMatchObject({ status: 405, code: '1' });
    expect(await failure(await post('SELECT 1', '?no_such_setting=1'))).toMatchObject({ status: 404, code: '115' });
    expect(await failure(await post('SELECT 1', '?session_id=s1'))).toMatchObject({ status: 501, code: '48' });
    expect(await failure(await post('SELECT 1', '', { headers: { 'Content-Encoding': 'zstd' } }))).toMatchObject({ status: 415, code: '89' });
    expect(await failure(await post('not gzip at all', '', { headers: { 'Content-Encoding': 'gzip' } }))).toMatchObject({ code: '271' });
    const latin1 = await fetch(`${gw.url}/`, { method: 'POST', body: Buffer.from([0x53, 0x45, 0xff, 0xfe]), headers: AUTH });
    expect(await failure(latin1)).toMatchObject({ status: 400, code: '36' });
    const bearer = await fetch(`${gw.url}/?query=SELECT%201`, { headers: { Authorization: 'Bearer abc' } });
    expect(await failure(bearer)).toMatchObject({ status: 401, code: '516' });
    const twoWays = await fetch(`${gw.url}/?query=SELECT%201`, { headers: { ...AUTH, 'X-ClickHouse-User': USER } });
    expect(await failure(twoWays)).toMatchObject({ status: 401, code: '516' });
    const garbage = await new Promise<string>((resolve) => {
      const s = connect(gw.port, '127.0.0.1', () => s.end('NOT HTTP AT ALL\r\n\r\n'));
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('close', () => resolve(got));
    });
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    const gone = new AbortController();
    const abandoned = post('SELECT sleep(0.3)', '', { signal: gone.signal });
    setTimeout(() => gone.abort(), 50);
    await expect(abandoned).rejects.toThrow();
    expect(await (await post('SELECT 42')).text()).toBe('42\n');
    expect(await ch.query(`EXISTS TABLE ${ch.table('via_get')}`)).toEqual([{ result: 0 }]);
  });

  it('answers a body over the limit with 413, also gzipped, and one query too many with 503', async () => {
    const small = await startClickHouseGateway({
      ch,
      port: 0,
      user: USER,
      password: PASSWORD,
      log,
      maxBodyBytes: 64 * 1024,
      maxConcurrentQueries: 1,
      maxQueuedQueries: 1,
    });
    gateways.push(small);
    const rows = `${'{"x":1,"s":"aaaaaaaaaaaaaaaaaaaa"}\n'.repeat(4000)}`;
    const url = `${small.url}/?query=${encodeURIComponent(`INSERT INTO ${ch.table('t')} FORMAT JSONEachRow`)}`;
    const plain = await fetch(url, { method: 'POST', body: rows, headers: AUTH });
    expect(await failure(plain)).toMatchObject({ status: 413, code: '229', body: expect.stringContaining('65536 bytes') });
    const zipped = await fetch(url, { method: 'POST', body: gzipSync(rows), headers: { ...AUTH, 'Content-Encoding': 'gzip' } });
    expect(await failure(zipped)).toMatchObject({ status: 413, code: '229' });
    const slow = () => fetch(`${small.url}/`, { method: 'POST', body: 'SELECT sleep(0.3)', headers: AUTH });
    const answers = await Promise.all([slow(), slow(), slow()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 503]);
    expect(answers.find((a) => a.status === 503)?.headers.get('x-clickhouse-exception-code')).toBe('202');
    expect(await (await fetch(`${small.url}/?query=SELECT%201`, { headers: AUTH })).text()).toBe('1\n');
  });
});
