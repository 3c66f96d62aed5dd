/** Numbers as the tables show them; '—' for no value. */
export const num = (v: number | null): string => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(1));
export const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
export const ms = (v: number | null): string => (v === null ? '—' : String(Math.round(v)));
export const when = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');
