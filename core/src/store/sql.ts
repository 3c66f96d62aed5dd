/** Quotes a validated identifier. Values always go through bind parameters; only names come here. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** The LISTEN/NOTIFY channel on which the store announces new events. */
export const notifyChannel = (schema: string): string => `${schema}_events`;
