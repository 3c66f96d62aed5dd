import { seededRandom } from '@napominalka/core/seeded-random';
import { loadCorpusTemplates, type CorpusTemplates } from './fixtures.js';

type Lang = 'en' | 'ru';

/**
 * Reminder-like RU/EN messages from the templates etl/reference/text_corpus.py writes (the same
 * slots and fillers; drawn with this side's seeded random, not numpy's).
 */
export class ReminderCorpus {
  private readonly t: CorpusTemplates = loadCorpusTemplates();
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  /** n messages, about half Russian; a share `newShare` of them about a topic the templates add. */
  messages(n: number, newShare = 0): string[] {
    return Array.from({ length: n }, () => {
      const lang: Lang = this.random() < 0.5 ? 'ru' : 'en';
      const tasks = this.random() < newShare ? this.t.newTasks : this.t.tasks;
      return this.message(lang, tasks[lang]);
    });
  }

  private message(lang: Lang, tasks: readonly string[]): string {
    const when = this.pick(this.t.when[lang])
      .replace('{n}', String(this.int(2, 60)))
      .replace('{h}', String(this.int(6, 23)))
      .replace('{mm}', String(this.int(0, 60)).padStart(2, '0'))
      .replace('{d}', String(this.int(4, 29)));
    const text = this.pick(this.t.templates[lang]).replace('{when}', when).replace('{task}', this.pick(tasks));
    return this.random() < 0.3 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo));
  }

  private pick(items: readonly string[]): string {
    return items[Math.floor(this.random() * items.length)] as string;
  }
}
