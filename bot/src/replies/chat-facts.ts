import type { EventData, EventEnvelope } from '@napominalka/core';

/** What the chat's earlier events tell the replies (folded by {@link factsOf}). */
export interface ChatFacts {
  /** A zone was set at some point: the language answer need not ask for one. */
  zoneSet: boolean;
  /** The chat's previous message was throttled too: the flood was already answered. */
  previousThrottled: boolean;
  /** The Telegram client's language of the latest message: the language before the chat chose one. */
  languageCode: string | null;
  /** The parse replied to came with a question (appended with it): the question answers the user. */
  questionFollows: boolean;
}

/** The facts of the events so far, before the question of the one replied to. */
export type FoldedFacts = Omit<ChatFacts, 'questionFollows'>;
export const NO_FACTS: FoldedFacts = { zoneSet: false, previousThrottled: false, languageCode: null };

/** One event folded into the facts. Pure. */
export function factStep(f: FoldedFacts, e: Pick<EventEnvelope, 'type' | 'data'>): FoldedFacts {
  if (e.type === 'ChatSettingsChanged' && (e.data as EventData<'ChatSettingsChanged'>).timezone) return { ...f, zoneSet: true };
  if (e.type !== 'MessageReceived') return f;
  const d = e.data as EventData<'MessageReceived'>;
  return { ...f, previousThrottled: d.throttled === true, languageCode: d.languageCode || f.languageCode };
}

/** Whether a question was appended with the parse `e` (it comes right after it). */
export const questionFollows = (e?: Pick<EventEnvelope, 'metadata'>, next?: Pick<EventEnvelope, 'type' | 'metadata'>): boolean =>
  next?.type === 'ClarificationRequested' && !!e?.metadata.causationId && next.metadata.causationId === e.metadata.causationId;

/** The facts as of the events before the one replied to (and the one right after it, if any). Pure. */
export function factsOf(before: readonly EventEnvelope[], e?: EventEnvelope, next?: EventEnvelope): ChatFacts {
  return { ...before.reduce(factStep, NO_FACTS), questionFollows: questionFollows(e, next) };
}
