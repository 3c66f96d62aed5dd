import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { GatewayError } from './gateway-errors';

/**
 * A request body, read whole (the engine takes a statement and its rows as one text), within a
 * limit that holds for the decompressed bytes too. A body over the limit is still read to its end
 * and thrown away, so that the client gets the answer instead of a reset connection while it is
 * still sending — up to {@link DRAIN_CAP} bytes, beyond which the connection is closed.
 */
export const DRAIN_CAP = 256 * 1024 * 1024;

function decoder(req: IncomingMessage): Readable {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  switch (encoding) {
    case '':
    case 'identity':
      return req;
    case 'gzip':
    case 'x-gzip':
      return req.pipe(createGunzip());
    case 'deflate':
      return req.pipe(createInflate());
    case 'br':
      return req.pipe(createBrotliDecompress());
    default:
      throw new GatewayError('UNKNOWN_COMPRESSION_METHOD', `Unknown Content-Encoding ${JSON.stringify(encoding)}: the gateway reads gzip, deflate and br`, {
        status: 415,
        closeConnection: true,
      });
  }
}

const tooLarge = (limit: number, closeConnection: boolean) =>
  new GatewayError('QUERY_IS_TOO_LARGE', `The request body is larger than the gateway's limit of ${limit} bytes (after decompression); send smaller inserts`, {
    closeConnection,
  });

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > DRAIN_CAP) return Promise.reject(tooLarge(limit, true));
  return new Promise((resolve, reject) => {
    let source: Readable;
    try {
      source = decoder(req);
    } catch (err) {
      reject(err);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    source.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else if (size > DRAIN_CAP) {
        source.removeAllListeners('data');
        reject(tooLarge(limit, true));
      }
    });
    source.once('end', () => (size > limit ? reject(tooLarge(limit, false)) : resolve(Buffer.concat(chunks))));
    if (source !== req) {
      source.once('error', (err) =>
        reject(new GatewayError('CANNOT_DECOMPRESS', `Cannot decompress the request body: ${err.message}`, { closeConnection: true })),
      );
    }
    req.once('error', reject);
  });
}

/** The body as the statement's text: UTF-8 (binary formats cannot be passed on to the engine). */
export function bodyText(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new GatewayError(
      'BAD_ARGUMENTS',
      'The request body is not UTF-8 text: the gateway passes statements and rows as text, so binary formats (RowBinary, Native, Parquet, …) cannot be inserted through it',
    );
  }
}

/**
 * The fields of a multipart/form-data body (`@clickhouse/client` with `use_multipart_params`:
 * the statement as `query`, parameters as `param_<name>`), or null if the body is not one.
 */
export function multipartFields(contentType: string | undefined, body: string): Map<string, string> | null {
  const m = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return null;
  const fields = new Map<string, string>();
  const parts = body.split(`--${boundary}`);
  // parts[0] is the preamble; the last one starts with "--" (the closing delimiter).
  for (const part of parts.slice(1)) {
    if (part.startsWith('--')) break;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new GatewayError('BAD_ARGUMENTS', 'Malformed multipart/form-data body: a part without headers');
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(part.slice(0, headerEnd))?.[1];
    if (name === undefined) throw new GatewayError('BAD_ARGUMENTS', 'Malformed multipart/form-data body: a part without a name');
    fields.set(name, part.slice(headerEnd + 4).replace(/\r\n$/, ''));
  }
  return fields;
}
