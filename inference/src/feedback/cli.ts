/**
 * pnpm exec tsx inference/src/feedback/cli.ts --in labels.jsonl --out rows.jsonl
 * Production labels (the ETL's feedback_labels) → training rows (tokens and tags) for
 * inference/training/build_set.py. The last stdout line is {"rows", "skipped": {reason: n}}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { labelInputSchema, trainingRow, type RowSkip, type TrainingRow } from './training-rows';

const HELP = `Usage: tsx inference/src/feedback/cli.ts --in <labels.jsonl> --out <rows.jsonl>

Turns production feedback labels (corpus format with the parse's slots and the user's fix, one
JSON object a line) into training rows {id, source, text, lang, intent, tokens, tags, event_ids,
day} with the serving tokeniser. Labels whose fix cannot be placed in the words are skipped and
counted by reason. Exit 1 on a malformed line (named) or an unreadable file.`;

export function convert(lines: readonly string[]): { rows: TrainingRow[]; skipped: Partial<Record<RowSkip, number>> } {
  const rows: TrainingRow[] = [];
  const skipped: Partial<Record<RowSkip, number>> = {};
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const parsed = labelInputSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    const r = trainingRow(parsed.data);
    if (typeof r === 'string') skipped[r] = (skipped[r] ?? 0) + 1;
    else rows.push(r);
  });
  return { rows, skipped };
}

function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { in: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.in || !values.out) {
    console.error('feedback: --in and --out are required (see --help)');
    return 2;
  }
  try {
    const { rows, skipped } = convert(readFileSync(values.in, 'utf8').split('\n'));
    writeFileSync(values.out, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    console.log(JSON.stringify({ rows: rows.length, skipped }));
    return 0;
  } catch (err) {
    console.error(`feedback: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
