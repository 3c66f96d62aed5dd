import { expect } from 'vitest';
import { commandFor } from '../command-for';
import type { Command } from '../commands';
import { decide } from '../decide';
import type { DomainEvent, StreamEvent } from '../events';
import { evolve, evolveAll } from '../evolve';
import { initialState, type ChatState, type Reminder } from '../state';

/** An input event as the handler gets it: a message, a parse, a callback, a delivery. */
export type Input = StreamEvent & { id: string; occurredAt: string };

/** The chat as the given events (and what followed) left it; `when` decides on it. */
export interface When {
  readonly state: ChatState;
  reminder(id: string): Reminder;
  /**
   * A command, decided on the state; or an input event, folded and mapped to its command as the
   * handler does (an input that maps to none decides nothing).
   */
  when(input: Command | Input): Then;
  /** These inputs (or commands) happened too, each decided as the handler would: setting the scene, not checked. */
  after(...inputs: (Command | Input)[]): When;
}

export interface Then {
  /** The events decided are exactly these (or pass these assertions). */
  then(expected: readonly DomainEvent[] | ((events: DomainEvent[]) => void)): Outcome;
  thenNothing(): Outcome;
  /** Deciding throws (and the error passes `check`, when given). */
  thenThrows(check?: (error: unknown) => void): void;
}

/** What was decided, and the chat with it folded in: the scenario can go on with `when`. */
export interface Outcome extends When {
  readonly events: DomainEvent[];
}

let seq = 0;
/** Ids like the store's (uuid v7 shaped), so a reminder keeps its source event id. */
export const newId = (): string => `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}`;

const isInput = (x: Command | Input): x is Input => 'occurredAt' in x;

/**
 * Given/when/then over the real decider, in the manner of Emmett's `DeciderSpecification`:
 * `spec.given(events).when(command).then(expectedEvents)`. The given events are folded with
 * `evolve`; the decided ones are folded too (caused by the command, as the store records them),
 * so `.then(...)` can be followed by another `.when(...)`.
 */
export function deciderSpecification(opts: { chatId: number; timezone: string }) {
  const given = (events: readonly StreamEvent[]): When => at(evolveAll(initialState(opts), events));
  /** A state from elsewhere (one saved by an older version, say) instead of events. */
  const givenState = (state: ChatState): When => at(state);
  return { given, givenState };
}

function at(state: ChatState): When {
  return {
    state,
    reminder: (id) => state.reminders[id]!,
    when: (input) => whenOn(state, input),
    after: (...inputs) => inputs.reduce<When>((w, input) => w.when(input).then(() => {}), at(state)),
  };
}

function whenOn(before: ChatState, input: Command | Input): Then {
  const state = isInput(input) ? evolve(before, input) : before;
  const command = isInput(input) ? commandFor(input, state) : input;
  const run = (): Outcome => {
    const events = command ? decide(command, state) : [];
    const folded = command
      ? evolveAll(
          state,
          events.map((e) => ({ ...e, id: newId(), occurredAt: command.now, metadata: { causationId: command.id } })),
        )
      : state;
    return { ...at(folded), events };
  };
  return {
    then: (expected) => {
      const outcome = run();
      if (typeof expected === 'function') expected(outcome.events);
      else expect(outcome.events).toEqual(expected);
      return outcome;
    },
    thenNothing: () => {
      const outcome = run();
      expect(outcome.events).toEqual([]);
      return outcome;
    },
    thenThrows: (check) => {
      let thrown: { error: unknown } | null = null;
      try {
        run();
      } catch (error) {
        thrown = { error };
      }
      expect(thrown, 'deciding throws').not.toBeNull();
      check?.(thrown!.error);
    },
  };
}
