import { textDrift } from '../text-drift.js';
import { ReminderCorpus } from './reminder-corpus.js';

/** Seeded runs of 1,000 reference vs 1,000 current reminder messages (see README.md). */
export const RUNS = 100;
export const SIZE = 1_000;

/** The share of runs flagged as drifted when `newShare` of the current texts are about a new topic. */
export function flaggedShare(newShare: number, seedBase: number): { share: number; summary: string } {
  let flagged = 0;
  const aucs: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const corpus = new ReminderCorpus(seedBase + run);
    const result = textDrift(corpus.messages(SIZE), corpus.messages(SIZE, newShare), { seed: run });
    if (result.status !== 'computed') throw new Error(`run ${run}: ${result.reason}`);
    aucs.push(result.rocAuc);
    if (result.drifted) flagged += 1;
  }
  aucs.sort((a, b) => a - b);
  const summary = `${flagged}/${RUNS} flagged; AUC min ${aucs[0]?.toFixed(4)} median ${aucs[RUNS >> 1]?.toFixed(4)} max ${aucs[RUNS - 1]?.toFixed(4)}`;
  return { share: flagged / RUNS, summary };
}
