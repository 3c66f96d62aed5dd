/**
 * Production-like features of a window of parsed messages, and the shifts the drift report must
 * catch. Intent and language mixes as observed; text length log-normal with median 25 characters
 * (σ = 0.5, whole characters); intent confidence Beta(18, 2) (mean 0.9, skewed towards 1).
 */
import { categoricalDraw, draw, type Sampler } from './samplers';

export type FeatureName = 'intent' | 'language' | 'textLength' | 'confidence';

export type Shift = 'none' | 'intentToOther' | 'intentToList' | 'languageToEn' | 'textLonger' | 'confidenceLower';

const INTENTS = categoricalDraw([
  ['create', 0.7],
  ['list', 0.1],
  ['cancel', 0.08],
  ['snooze', 0.05],
  ['timezone', 0.02],
  ['other', 0.05],
]);
/** +10 points of intent mix, moved from create: to "other" (a parser failing more), or to "list". */
const INTENTS_TO_OTHER = categoricalDraw([
  ['create', 0.6],
  ['list', 0.1],
  ['cancel', 0.08],
  ['snooze', 0.05],
  ['timezone', 0.02],
  ['other', 0.15],
]);
const INTENTS_TO_LIST = categoricalDraw([
  ['create', 0.6],
  ['list', 0.2],
  ['cancel', 0.08],
  ['snooze', 0.05],
  ['timezone', 0.02],
  ['other', 0.05],
]);
const LANGUAGES = categoricalDraw([
  ['ru', 0.6],
  ['en', 0.35],
  ['mixed', 0.05],
]);
/** +15 points of English, from Russian. */
const LANGUAGES_TO_EN = categoricalDraw([
  ['ru', 0.45],
  ['en', 0.5],
  ['mixed', 0.05],
]);

const LENGTH_MEDIAN = 25;
const LENGTH_SIGMA = 0.5;
const LONGER = 1.3;
const CONFIDENCE_A = 18;
const CONFIDENCE_B = 2;
const LOWER = 0.1;

/** Which feature a shift moves. */
export const SHIFTED_FEATURE: Readonly<Record<Exclude<Shift, 'none'>, FeatureName>> = {
  intentToOther: 'intent',
  intentToList: 'intent',
  languageToEn: 'language',
  textLonger: 'textLength',
  confidenceLower: 'confidence',
};

export function intents(s: Sampler, size: number, shift: Shift = 'none'): string[] {
  const one = shift === 'intentToOther' ? INTENTS_TO_OTHER : shift === 'intentToList' ? INTENTS_TO_LIST : INTENTS;
  return draw(size, () => one(s));
}

export function languages(s: Sampler, size: number, shift: Shift = 'none'): string[] {
  const one = shift === 'languageToEn' ? LANGUAGES_TO_EN : LANGUAGES;
  return draw(size, () => one(s));
}

export function textLengths(s: Sampler, size: number, shift: Shift = 'none'): number[] {
  const scale = shift === 'textLonger' ? LONGER : 1;
  return draw(size, () => Math.max(1, Math.round(s.logNormal(LENGTH_MEDIAN, LENGTH_SIGMA) * scale)));
}

export function confidences(s: Sampler, size: number, shift: Shift = 'none'): number[] {
  const offset = shift === 'confidenceLower' ? LOWER : 0;
  return draw(size, () => s.beta(CONFIDENCE_A, CONFIDENCE_B) - offset);
}
