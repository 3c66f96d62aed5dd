import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { goldRowSchema, predRowSchema, type GoldRow, type PredRow } from './score';

export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'CorpusError';
  }
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(row)'}: ${i.message}`).join('; ');
}

/**
 * A JSONL file, one validated row per non-blank line (blank lines are skipped, as in score.py;
 * line numbers count every physical line from 1). Throws CorpusError naming the first bad line.
 * Ids must be unique in a corpus; in predictions a later duplicate wins, as in score.py.
 */
function readJsonl<T>(file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, what: string, uniqueIds: boolean): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CorpusError(file, 0, `cannot read the ${what}: ${(e as Error).message}`);
  }
  const rows: T[] = [];
  const ids = new Map<string, number>();
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const lineNo = i + 1;
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new CorpusError(file, lineNo, `not valid JSON (${(e as Error).message})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CorpusError(file, lineNo, `not a valid ${what} row: ${issues(parsed.error)}`);
    const id = (parsed.data as { id: string }).id;
    const seen = ids.get(id);
    if (uniqueIds && seen !== undefined) throw new CorpusError(file, lineNo, `duplicate id ${JSON.stringify(id)} (first on line ${seen})`);
    ids.set(id, lineNo);
    rows.push(parsed.data);
  });
  return rows;
}

export function loadGold(file: string): GoldRow[] {
  return readJsonl(file, goldRowSchema, 'corpus', true);
}

export function loadPredictions(file: string): PredRow[] {
  return readJsonl(file, predRowSchema, 'prediction', false);
}
