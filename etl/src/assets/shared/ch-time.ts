/** An instant as ClickHouse's DateTime64(3, 'UTC') text, for query parameters and inserted rows. */
export const chTime = (d: Date): string => d.toISOString().slice(0, 23).replace('T', ' ');
