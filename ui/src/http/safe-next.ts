/** Only a path of this site: an absolute or protocol-relative `next` would send the user elsewhere. */
export const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%~+:@,]*$/.test(next) ? next : '/');
