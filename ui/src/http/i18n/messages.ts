import type { Lang } from './lang';

/**
 * A page's texts in both languages. English defines the keys; Russian must have every one (the
 * type says so), so a missing translation is a compile error, not a blank on the page.
 */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;

export function defineMessages<K extends string>(m: { en: Record<K, string>; ru: Record<K, string> }): Messages<K> {
  return m;
}

/** The texts of one language, with `{name}` placeholders filled by `fmt`. */
export function pick<K extends string>(m: Messages<K>, lang: Lang): Record<K, string> {
  return m[lang];
}

export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in values ? String(values[k]) : all));
}
