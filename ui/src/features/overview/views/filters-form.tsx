import type { OverviewFilters } from '../filters';
import type { OverviewText } from '../messages';

/** The GET form: its values are the URL's, so a reload or a shared link shows the same page. */
export function FiltersForm(props: { m: OverviewText; values: Partial<Record<keyof OverviewFilters, string>> }) {
  const { m, values: v } = props;
  return (
    <form method="get" action="/" class="overview-filters" aria-label={m.filters}>
      <label>
        {m.from} <input type="date" name="from" value={v.from ?? ''} />
      </label>
      <label>
        {m.to} <input type="date" name="to" value={v.to ?? ''} />
      </label>
      <label>
        {m.lang}{' '}
        <select name="lang">
          <option value="">{m.any}</option>
          {(['ru', 'en', 'mixed'] as const).map((l) => (
            <option value={l} selected={v.lang === l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        {m.intent} <input type="text" name="intent" value={v.intent ?? ''} size={12} />
      </label>
      <label>
        {m.model} <input type="text" name="model" value={v.model ?? ''} size={12} />
      </label>
      <label>
        {m.zone} <input type="text" name="zone" value={v.zone ?? ''} size={14} placeholder="UTC" />
      </label>
      <button type="submit">{m.apply}</button> <a href="/">{m.reset}</a>
    </form>
  );
}
