/**
 * A value shared by every request of a process and read again once it is
 * older than `maxAgeMs`, for facts where a second of staleness is harmless and
 * a statement per request is not (the active rule set, pooled bind rates on
 * the routing hot path). Concurrent callers share one read; a failed read is
 * not kept, so the next caller tries again.
 */
export class RecentValue<T> {
  private pending: Promise<T> | null = null;
  private readAt = 0;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly maxAgeMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    const now = this.clock();
    if (this.pending && now - this.readAt < this.maxAgeMs) return this.pending;
    const reading = this.read();
    this.pending = reading;
    this.readAt = now;
    reading.catch(() => {
      if (this.pending === reading) this.pending = null;
    });
    return reading;
  }

  /** The next `get` reads again: this process changed the value. */
  invalidate(): void {
    this.pending = null;
  }
}
