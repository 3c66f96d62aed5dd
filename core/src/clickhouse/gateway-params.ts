/**
 * Query parameters as they arrive over ClickHouse's HTTP interface (`param_<name>=<text>`), turned
 * into values that chdb's binder (`Session.queryBindAsync`) gives the engine as the same text.
 *
 * The wire text is already in the engine's parameter form: a scalar is "Escaped" (TSV) text —
 * `\t`, `\n`, `\\`, `\'` … — and a composite (Array, Tuple, Map) is a literal whose strings are
 * quoted (`['a\'b']`). chdb's binder takes JavaScript values and escapes a string itself
 * (backslashes doubled, control characters as `\n` …), so the wire text cannot be handed over as
 * it is: it is decoded first, and the binder's escaping restores an equivalent text. A quote
 * inside a composite's string cannot be written with a backslash after that escaping, so it is
 * written SQL-style (`''`), which the engine's quoted-string reader also accepts.
 */

/** `{name:Type}` placeholders of a statement: name → declared type (the first one wins). */
export function placeholderTypes(sql: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const m of sql.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^{}]+?)\s*\}/g)) {
    const [, name, type] = m;
    if (name && type && !types.has(name)) types.set(name, type);
  }
  return types;
}

const WRAPPER = /^(?:Nullable|LowCardinality)\s*\((.*)\)$/s;

/** Whether a parameter of this type is sent as a composite literal (quoted strings inside). */
export function isCompositeType(type: string): boolean {
  let t = type.trim();
  for (let m = WRAPPER.exec(t); m?.[1] !== undefined; m = WRAPPER.exec(t)) t = m[1].trim();
  return /^(?:Array|Tuple|Map|Nested)\s*\(/i.test(t);
}

const SIMPLE_ESCAPES: Record<string, number> = { b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, '0': 0x00, a: 0x07, v: 0x0b, e: 0x1b };

/** Bytes of the escape sequence at `s[i]` (a backslash), and its length in characters. */
function escapeAt(s: string, i: number): { bytes: Buffer; length: number } {
  const c = s[i + 1];
  if (c === undefined) return { bytes: Buffer.from('\\'), length: 1 };
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { bytes: Buffer.from([simple]), length: 2 };
  const hex = c === 'x' ? /^[0-9A-Fa-f]{2}/.exec(s.slice(i + 2, i + 4)) : null;
  if (hex) return { bytes: Buffer.from([parseInt(hex[0], 16)]), length: 4 };
  // Any other escaped character stands for itself (`\\`, `\'`, `\"`, …), as in the engine.
  const cp = s.codePointAt(i + 1) ?? 0;
  return { bytes: Buffer.from(String.fromCodePoint(cp)), length: cp > 0xffff ? 3 : 2 };
}

/** Escaped (TSV) text → the value it stands for. */
function decodeEscaped(s: string): string {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = s.indexOf('\\'); i !== -1; i = s.indexOf('\\', start)) {
    out.push(Buffer.from(s.slice(start, i)));
    const e = escapeAt(s, i);
    out.push(e.bytes);
    start = i + e.length;
  }
  out.push(Buffer.from(s.slice(start)));
  return Buffer.concat(out).toString('utf8');
}

/** A composite literal with its quoted strings decoded, quotes inside them doubled. */
function decodeComposite(s: string): string {
  const out: Buffer[] = [];
  let quoted = false;
  let start = 0;
  const special = /['\\]/g;
  for (let m = special.exec(s); m; m = special.exec(s)) {
    const i = m.index;
    if (s[i] === '\\' && !quoted) continue;
    out.push(Buffer.from(s.slice(start, i)));
    let length = 1;
    if (s[i] === '\\' || (quoted && s[i + 1] === "'")) {
      const e = s[i + 1] === "'" ? { bytes: Buffer.from("''"), length: 2 } : escapeAt(s, i);
      out.push(e.bytes);
      length = e.length;
    } else {
      quoted = !quoted;
      out.push(Buffer.from("'"));
    }
    start = i + length;
    special.lastIndex = start;
  }
  out.push(Buffer.from(s.slice(start)));
  return Buffer.concat(out).toString('utf8');
}

/** One parameter's wire text → the value to bind (`null` for `\N`, ClickHouse's NULL). */
export function bindValue(wire: string, type: string | undefined): string | null {
  if (wire === '\\N') return null;
  return type !== undefined && isCompositeType(type) ? decodeComposite(wire) : decodeEscaped(wire);
}

/** Every parameter of a request, typed by the statement's placeholders. */
export function bindParams(sql: string, wire: ReadonlyMap<string, string>): Record<string, string | null> {
  const types = placeholderTypes(sql);
  const out: Record<string, string | null> = {};
  for (const [name, text] of wire) out[name] = bindValue(text, types.get(name));
  return out;
}
