/** What an iteration came to: its result, or the error it threw. */
export type IterationOutcome<T> = { result: T } | { error: unknown };

/**
 * The loop of a BackgroundWorker: runs `iteration` until stopped, one at a
 * time, waiting after each as long as `pauseAfter` says. `run()` queues one
 * iteration behind the one in progress (tests drive workers with it). Its
 * timers never keep the process alive on their own.
 */
export class PollingLoop<T> {
  private running = false;
  /** Bumped by start(): a loop of an earlier start, finishing its iteration after a stop, schedules nothing. */
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  /** An iteration is in progress in the loop (not one queued by run()). */
  private iterating = false;
  /** wake() came during an iteration: the next one starts right after it. */
  private woken = false;
  /** The iteration in progress (or the last one): iterations never overlap. */
  private current: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly iteration: () => Promise<T>,
    /** Milliseconds to wait before the next iteration; also where a failed one is logged. */
    private readonly pauseAfter: (outcome: IterationOutcome<T>) => number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation += 1;
    this.schedule(0);
  }

  /** Resolves once the iteration in progress has finished. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.current.catch(() => undefined);
  }

  /**
   * Starts the next iteration now instead of after the pause (or right after
   * the one in progress): something happened that it should handle. Wakes
   * arriving together cost one iteration.
   */
  wake(): void {
    if (!this.running) return;
    if (this.iterating) {
      this.woken = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  run(): Promise<T> {
    const next = this.current.then(() => this.iteration());
    this.current = next.catch(() => undefined);
    return next;
  }

  private schedule(delayMs: number): void {
    const generation = this.generation;
    this.timer = setTimeout(() => void this.loop(generation), delayMs);
    this.timer.unref();
  }

  private async loop(generation: number): Promise<void> {
    this.iterating = true;
    this.woken = false;
    let outcome: IterationOutcome<T>;
    try {
      outcome = { result: await this.run() };
    } catch (error) {
      outcome = { error };
    }
    const pause = this.pauseAfter(outcome);
    if (generation !== this.generation) return;
    this.iterating = false;
    if (this.running) this.schedule(this.woken ? 0 : pause);
  }
}
