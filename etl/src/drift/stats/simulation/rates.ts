/**
 * Power and false alarms of the default drift tests by simulation: per seed, one reference
 * window; a current window from the same distribution (false alarms, per feature and for the
 * dataset), and for each shift a current window of the shifted feature (detections).
 */
import { columnDrift, type ColumnWindows } from '../choose-test';
import { datasetDrift } from '../dataset-drift';
import { confidences, intents, languages, SHIFTED_FEATURE, textLengths, type FeatureName, type Shift } from './production';
import { Sampler, type Uniform } from './samplers';

export interface WindowSizes {
  readonly reference: number;
  readonly current: number;
}

export type ShiftName = Exclude<Shift, 'none'>;

export interface Rates {
  readonly sizes: WindowSizes;
  readonly seeds: number;
  /** Share of same-distribution runs in which the feature was flagged. */
  readonly falseAlarm: Readonly<Record<FeatureName, number>>;
  /** Share of same-distribution runs in which the dataset (≥ half the features) was flagged. */
  readonly datasetFalseAlarm: number;
  /** Share of shifted runs in which the shifted feature was flagged. */
  readonly detection: Readonly<Record<ShiftName, number>>;
}

const FEATURES: readonly FeatureName[] = ['intent', 'language', 'textLength', 'confidence'];
const SHIFTS: readonly ShiftName[] = ['intentToOther', 'intentToList', 'languageToEn', 'textLonger', 'confidenceLower'];

/** Draws a feature's reference window; the result draws current windows against it. */
function reference(u: Sampler, name: FeatureName, sizes: WindowSizes): (shift: Shift) => ColumnWindows {
  switch (name) {
    case 'intent': {
      const ref = intents(u, sizes.reference);
      return (shift) => ({ kind: 'categorical', ref, cur: intents(u, sizes.current, shift) });
    }
    case 'language': {
      const ref = languages(u, sizes.reference);
      return (shift) => ({ kind: 'categorical', ref, cur: languages(u, sizes.current, shift) });
    }
    case 'textLength': {
      const ref = textLengths(u, sizes.reference);
      return (shift) => ({ kind: 'numeric', ref, cur: textLengths(u, sizes.current, shift) });
    }
    case 'confidence': {
      const ref = confidences(u, sizes.reference);
      return (shift) => ({ kind: 'numeric', ref, cur: confidences(u, sizes.current, shift) });
    }
  }
}

/** Counts to shares of the runs, in place. */
function perRun<K extends string>(counts: Record<K, number>, keys: readonly K[], seeds: number): Record<K, number> {
  for (const k of keys) counts[k] /= seeds;
  return counts;
}

/** `random(seed)` is the seeded uniform source (core/testing's seededRandom in the tests). */
export function simulate(sizes: WindowSizes, seeds: number, random: (seed: number) => Uniform): Rates {
  const alarms: Record<FeatureName, number> = { intent: 0, language: 0, textLength: 0, confidence: 0 };
  const detected: Record<ShiftName, number> = { intentToOther: 0, intentToList: 0, languageToEn: 0, textLonger: 0, confidenceLower: 0 };
  let datasetAlarms = 0;
  for (let s = 0; s < seeds; s++) {
    const u = new Sampler(random(1 + s * 7919));
    const against: Record<FeatureName, (shift: Shift) => ColumnWindows> = {
      intent: reference(u, 'intent', sizes),
      language: reference(u, 'language', sizes),
      textLength: reference(u, 'textLength', sizes),
      confidence: reference(u, 'confidence', sizes),
    };
    const nullResults = FEATURES.map((f) => {
      const result = columnDrift(against[f]('none'));
      if (result.drifted) alarms[f] += 1;
      return result;
    });
    if (datasetDrift(nullResults).drifted) datasetAlarms += 1;
    for (const shift of SHIFTS) {
      if (columnDrift(against[SHIFTED_FEATURE[shift]](shift)).drifted) detected[shift] += 1;
    }
  }
  return {
    sizes,
    seeds,
    falseAlarm: perRun(alarms, FEATURES, seeds),
    datasetFalseAlarm: datasetAlarms / seeds,
    detection: perRun(detected, SHIFTS, seeds),
  };
}
