import { formatListItem, type Instant } from '../format-reminder';
import { listKeyboard } from '../keyboards';
import { paginate, type ListPeriod } from '../list-page';
// Type only: replies.ts re-exports this module's functions.
import type { Reply } from '../replies';
import type { Lang } from '../text';
import { remindersIn, type ListedReminder } from './period-filter';
import { periodWords, reminderCount } from './period-words';

export type { ListedReminder } from './period-filter';

interface Ctx {
  lang: Lang;
  now: Instant;
  zone: string;
}

/**
 * A /list page (5 a page, numbered through the pages), ❌ per reminder and ◀️ ▶️; the empty
 * list says how to make one. `page` past the end shows the last page.
 *
 * With a period ("что у меня на завтра": the parse's listFrom/listTo) only the reminders that
 * fall in it, in the chat's zone, each at its time there (a recurring one at its occurrence in
 * it), under a heading that names it ("На завтра: 2 напоминания"); the paging buttons carry the
 * period, so the next page stays within it. A period with nothing in it says so.
 */
export function listPage(reminders: readonly ListedReminder[], page: number, c: Ctx, period: ListPeriod | null = null): Reply {
  const shown = period ? remindersIn(reminders, period, c.zone) : reminders;
  const words = period ? periodWords(period, typeof c.now === 'string' ? c.now : (c.now.toISO() ?? ''), c.zone, c.lang) : null;
  if (words && !shown.length) return periodEmpty(c.lang, words.none, reminders.length > 0);
  if (!shown.length) return listEmpty(c.lang);
  const sorted = [...shown].sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
  const p = paginate(sorted, page);
  const head = words
    ? `<b>${words.title}</b>: ${reminderCount(p.total, c.lang)}`
    : c.lang === 'ru'
      ? `<b>Ваши напоминания</b> (${p.total})`
      : `<b>Your reminders</b> (${p.total})`;
  const pageNote = p.pages > 1 ? (c.lang === 'ru' ? `\nСтраница ${p.page + 1} из ${p.pages}` : `\nPage ${p.page + 1} of ${p.pages}`) : '';
  const lines = p.items.map((r, i) => formatListItem(p.offset + i + 1, r, c));
  return { text: `${head}${pageNote}\n\n${lines.join('\n')}`, markup: listKeyboard(p, c.lang, period) };
}

export function listEmpty(lang: Lang): Reply {
  return {
    text:
      lang === 'ru' ? 'Напоминаний нет. Напишите, например, «напомни завтра в 9 позвонить маме».' : 'No reminders. Try “remind me tomorrow at 9 to call mom”.',
  };
}

/** Nothing in the period: say so, and where the other reminders are when there are some. */
function periodEmpty(lang: Lang, none: string, others: boolean): Reply {
  if (lang === 'ru') return { text: `${capital(none)} напоминаний нет.${others ? ' Все напоминания — /list.' : ''}` };
  return { text: `No reminders ${none}.${others ? ' All of them: /list.' : ''}` };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
