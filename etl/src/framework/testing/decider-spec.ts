import { expect } from 'vitest';

/**
 * Given / when / then for a pure decider, in the style of Emmett's DeciderSpecification: the
 * state is folded from the given events, the command decided against it, and the outcome is
 * either the new events or a refusal.
 */
export interface Decider<S, C, E> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export interface DeciderThen<E> {
  then(expected: readonly E[]): void;
  thenNothing(): void;
  thenThrows(error: abstract new (...args: never[]) => Error, message?: RegExp): void;
}

export function deciderSpec<S, C, E>(d: Decider<S, C, E>): (given: readonly E[]) => { when(command: C): DeciderThen<E> } {
  return (given) => ({
    when(command) {
      const act = () => d.decide(command, given.reduce(d.evolve, d.initialState()));
      return {
        then: (expected) => expect(act()).toEqual(expected),
        thenNothing: () => expect(act()).toEqual([]),
        thenThrows(error, message) {
          let thrown: unknown = null;
          try {
            act();
          } catch (err) {
            thrown = err;
          }
          expect(thrown).toBeInstanceOf(error);
          if (message) expect((thrown as Error).message).toMatch(message);
        },
      };
    },
  });
}
