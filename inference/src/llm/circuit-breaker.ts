/**
 * Stops calling a failing dependency for a while: after `threshold` consecutive failures the
 * circuit opens for `cooldownMs`; then one trial call is let through (half-open) and its
 * outcome closes or re-opens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly threshold = 5,
    private readonly cooldownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Runs `fn` unless the circuit is open; throws CircuitOpenError then. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) throw new CircuitOpenError();
    if (state === 'half-open') this.trialInFlight = true;
    try {
      const result = await fn();
      this.failures = 0;
      this.openedAt = null;
      return result;
    } catch (err) {
      this.failures++;
      if (state === 'half-open' || this.failures >= this.threshold) this.openedAt = this.now();
      throw err;
    } finally {
      if (state === 'half-open') this.trialInFlight = false;
    }
  }
}

export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
  constructor() {
    super('circuit open: the dependency failed repeatedly and is rested');
  }
}
