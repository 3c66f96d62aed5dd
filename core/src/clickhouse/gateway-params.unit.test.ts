import { describe, expect, it } from 'vitest';
import { bindParams, bindValue, isCompositeType, placeholderTypes } from './gateway-params';

describe('gateway query parameters', () => {
  it('reads the placeholders of a statement and which types are composite', () => {
    const types = placeholderTypes("SELECT {a:String}, { b : Array(Tuple(String, UInt8)) }, {a:UInt8}, '{db}', {d:DateTime('UTC')}");
    expect([...types]).toEqual([
      ['a', 'String'],
      ['b', 'Array(Tuple(String, UInt8))'],
      ['d', "DateTime('UTC')"],
    ]);
    expect(
      ['Array(String)', 'Nullable(Array(UUID))', 'Map(String, UInt8)', 'Tuple(a String)', 'LowCardinality(Nullable(Array(String)))'].map(isCompositeType),
    ).toEqual([true, true, true, true, true]);
    expect(['String', 'LowCardinality(String)', 'Nullable(String)', "DateTime64(3, 'UTC')", 'UUID'].map(isCompositeType)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('decodes a scalar from the escaped text @clickhouse/client sends', () => {
    // The wire text of "it's \ <TAB> <LF>" as formatQueryParams writes it.
    expect(bindValue("it\\'s \\\\ \\t \\n \\r", 'String')).toBe("it's \\ \t \n \r");
    expect(bindValue('\\N', 'Nullable(String)')).toBeNull();
    expect(bindValue('\\\\N', 'String')).toBe('\\N');
    expect(bindValue('\\xD0\\x9F\\0\\b\\f', 'String')).toBe('П\0\b\f');
    expect(bindValue('юникод 🙂 "x" {s:String}', 'String')).toBe('юникод 🙂 "x" {s:String}');
    expect(bindValue('trailing\\', 'String')).toBe('trailing\\');
    expect(bindValue('2026-03-02', 'Date')).toBe('2026-03-02');
    expect(bindValue('abc', undefined)).toBe('abc');
  });

  it('keeps a composite literal, its strings decoded and their quotes doubled', () => {
    expect(bindValue("['a\\'b','c\\\\d','e\\nf','']", 'Array(String)')).toBe("['a''b','c\\d','e\nf','']");
    expect(bindValue("['x''y']", 'Array(String)')).toBe("['x''y']");
    expect(bindValue("{'k\\'1':'v',2:NULL}", 'Map(String, Nullable(String))')).toBe("{'k''1':'v',2:NULL}");
    expect(bindValue("(1,'🙂\\t',NULL)", 'Tuple(UInt8, String, Nullable(String))')).toBe("(1,'🙂\t',NULL)");
    expect(bindValue('[1,2,3]', 'Array(UInt8)')).toBe('[1,2,3]');
  });

  it('types every parameter of a request by the statement', () => {
    const wire = new Map([
      ['s', "a\\'b"],
      ['a', "['a\\'b']"],
      ['unused', "x\\'"],
    ]);
    expect(bindParams('SELECT {s:String}, {a:Array(String)}', wire)).toEqual({ s: "a'b", a: "['a''b']", unused: "x'" });
  });
});
