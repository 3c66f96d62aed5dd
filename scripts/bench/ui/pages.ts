import { LAST_DAY } from './data';

/** A page of the web UI the bench asks for; `search` ones are held to the search target too. */
export interface Page {
  name: string;
  path: string;
  search?: boolean;
}

/** The pages and their filtered variants, the overview over the 14 days from `from14` (or 28 from `from28`). */
export function pages(from14: string, from28: string): Page[] {
  const range = `from=${from14}&to=${LAST_DAY}`;
  return [
    { name: 'overview', path: `/?${range}` },
    { name: 'overview 28 days', path: `/?from=${from28}&to=${LAST_DAY}` },
    { name: 'overview lang', path: `/?${range}&lang=ru` },
    { name: 'overview intent', path: `/?${range}&intent=create` },
    { name: 'overview model', path: `/?${range}&model=2026-12-01.1` },
    { name: 'history', path: '/history' },
    { name: 'history search (common word)', path: `/history?q=${encodeURIComponent('маме')}`, search: true },
    { name: 'history search (one message)', path: `/history?q=${encodeURIComponent('#123457')}`, search: true },
    { name: 'history search + filters', path: `/history?q=${encodeURIComponent('rent')}&lang=en&intent=create`, search: true },
    { name: 'history intent+lang', path: '/history?intent=cancel&lang=en' },
    { name: 'history confidence', path: '/history?cmin=0.6&cmax=0.65' },
    { name: 'history model', path: '/history?model=2026-11-23.1' },
    { name: 'events timeline', path: '/events?chat=1234' },
    { name: 'events by type', path: '/events?type=MessageParsed' },
    { name: 'events by stream', path: '/events?stream=chat-4321' },
    { name: 'drift', path: '/drift' },
    { name: 'models', path: '/models' },
  ];
}

/** The day `n` days before the history's last day (YYYY-MM-DD). */
export const daysBeforeLast = (n: number) => new Date(Date.parse(`${LAST_DAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
