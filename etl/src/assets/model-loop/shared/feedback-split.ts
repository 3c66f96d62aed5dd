import { createHash } from 'node:crypto';

/**
 * A quarter of the feedback labels, chosen by a hash of the label id, are never trained on: they
 * are the "recent feedback" corpus every candidate and the active model are compared on. By id,
 * so a label stays on its side in every training set, and no model has seen the ones it is
 * judged by.
 */
export const EVALUATION_SHARE = 0.25;

export function isEvaluationLabel(id: string): boolean {
  return createHash('sha256').update(id).digest().readUInt16BE(0) / 0x10000 < EVALUATION_SHARE;
}
