import { z } from 'zod';

/**
 * Why the parser asks the user instead of scheduling: the resolver's failures and the parser's
 * low confidence. Inference writes it on ClarificationRequested; the bot chooses its reply by it.
 */
export const CLARIFICATION_REASONS = [
  'no-time-named',
  'date-in-the-past',
  'no-such-date',
  'no-such-day-of-month',
  'no-such-weekday',
  'today-with-no-time',
  'time-already-passed-today',
  'rule-never-fires',
  'unknown-zone',
  'invalid-now',
  'invalid-time-zone',
  'out-of-range',
  'low-confidence',
] as const;
export const clarificationReasonSchema = z.enum(CLARIFICATION_REASONS);
export type ClarificationReason = z.infer<typeof clarificationReasonSchema>;
/** The resolver's reasons for no due. */
export type ResolveFailure = Exclude<ClarificationReason, 'low-confidence'>;

/**
 * The reason of a ClarificationRequested written before `reason` existed, from the words its
 * `question` held then (inference wrote its reason there): the only place those words are read.
 */
export function legacyClarificationReason(question: string): ClarificationReason | null {
  if (question === 'no-time') return 'no-time-named';
  if (question === 'invalid date' || question.startsWith('unit out of range') || question.startsWith('you specified')) return 'out-of-range';
  const code = question.split(':')[0]!.trim().replace(/^the /, '').replaceAll(' ', '-');
  return (CLARIFICATION_REASONS as readonly string[]).includes(code) ? (code as ClarificationReason) : null;
}
