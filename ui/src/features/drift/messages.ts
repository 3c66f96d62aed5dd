import { defineMessages } from '../../http/i18n/messages';

export const driftMessages = defineMessages({
  en: {
    title: 'Drift',
    reports: 'Daily drift reports',
    none: 'No drift reports yet',
    day: 'Day',
    verdict: 'Dataset drift',
    driftedFeatures: 'Drifted features',
    drift: 'drift',
    noDrift: 'no drift',
    unknown: 'unknown',
    open: 'open report',
    history: 'Per-feature drift (recent days)',
    feature: 'Feature',
    noHistory: 'No per-feature history yet',
    report: 'Drift report {day}',
    noReport: 'No drift report for this day.',
    back: 'Back to drift',
  },
  ru: {
    title: 'Дрейф',
    reports: 'Ежедневные отчёты о дрейфе',
    none: 'Отчётов о дрейфе пока нет',
    day: 'День',
    verdict: 'Дрейф данных',
    driftedFeatures: 'Признаки с дрейфом',
    drift: 'дрейф',
    noDrift: 'нет дрейфа',
    unknown: 'неизвестно',
    open: 'открыть отчёт',
    history: 'Дрейф по признакам (последние дни)',
    feature: 'Признак',
    noHistory: 'Истории по признакам пока нет',
    report: 'Отчёт о дрейфе {day}',
    noReport: 'За этот день отчёта о дрейфе нет.',
    back: 'Назад к дрейфу',
  },
});

export type DriftText = Record<keyof (typeof driftMessages)['en'], string>;
