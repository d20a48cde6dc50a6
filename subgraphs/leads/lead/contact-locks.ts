import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../../lib/logger';

/** How long a submission waits for each of its named locks before it goes on without them. */
const WAIT_SECONDS = 10;

/**
 * Makes submissions of the same consumer (the same product line and phone,
 * or email) take turns between reading for an earlier lead and storing their
 * own, so that of several sent at the same moment exactly one is kept and the
 * others are stored DUPLICATE of it. Without turns each read found no
 * original and every one was routed: two agents called the same consumer.
 *
 * Within a process the turns are promises, keyed by contact. Across
 * instances on MySQL/MariaDB they are named locks (GET_LOCK), held on a
 * connection of their own, which the server frees if the process dies. A
 * process lets at most half its pool hold such a connection, so the
 * submissions holding locks always find connections for their own reads
 * and writes; with a pool of one it takes no named locks at all. A lock not
 * granted within WAIT_SECONDS, or a failure to ask for it, is logged and the
 * submission goes on without it: a lead is never refused for this.
 * Submissions without a phone or email take no turn and cost nothing more.
 */
export class ContactLocks {
  private readonly turns = new Map<string, Promise<void>>();
  /** MySQL/MariaDB with a pool that can spare a connection for them. */
  private readonly namedLocks: boolean;
  private readonly maxHolders: number;
  private holders = 0;
  private readonly waitingForHolder: Array<() => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    poolSize: number,
    private readonly logger?: Logger,
  ) {
    this.maxHolders = Math.floor(poolSize / 2);
    this.namedLocks = dataSource.options.type === 'mysql' && this.maxHolders >= 1;
  }

  /** Runs `work` holding the turn of every contact in `contacts` (none: at once). */
  async whileHeld<T>(contacts: readonly string[], work: () => Promise<T>): Promise<T> {
    const keys = [...new Set(contacts)].sort();
    if (keys.length === 0) return work();
    const leave = await this.takeTurns(keys);
    try {
      return this.namedLocks ? await this.withNamedLocks(keys, work) : await work();
    } finally {
      leave();
    }
  }

  /** Waits for the earlier submissions of these contacts in this process; returns how to let the next one in. */
  private async takeTurns(keys: readonly string[]): Promise<() => void> {
    let leave!: () => void;
    const mine = new Promise<void>((resolve) => (leave = resolve));
    const earlier = keys.map((key) => this.turns.get(key)).filter((turn) => turn !== undefined);
    for (const key of keys) this.turns.set(key, mine);
    await Promise.all(earlier);
    return () => {
      for (const key of keys) if (this.turns.get(key) === mine) this.turns.delete(key);
      leave();
    };
  }

  private async withNamedLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    await this.becomeHolder();
    const runner = this.dataSource.createQueryRunner('master');
    try {
      // Taken in sorted order, as every process takes them, so two submissions sharing contacts cannot deadlock.
      const names = keys.map((key) => `leadflow:contact:${createHash('sha1').update(key).digest('hex')}`);
      try {
        const [granted] = (await runner.query(
          `SELECT ${names.map((_, index) => `GET_LOCK(?, ${WAIT_SECONDS}) AS l${index}`).join(', ')}`,
          names,
        )) as Array<Record<string, number | string | null>>;
        if (Object.values(granted).some((value) => Number(value) !== 1)) {
          this.logger?.warn({ contacts: keys.length }, 'a contact lock was not granted in time; submitting without it');
        }
      } catch (error) {
        this.logger?.warn({ err: error }, 'asking for a contact lock failed; submitting without it');
      }
      return await work();
    } finally {
      const released = await runner.query('SELECT RELEASE_ALL_LOCKS()').then(
        () => true,
        () => false,
      );
      // A connection that may still hold the locks must not serve anyone else: ending it frees them.
      if (!released) (runner as unknown as { databaseConnection?: { destroy(): void } }).databaseConnection?.destroy();
      await runner.release();
      this.leaveHolders();
    }
  }

  private async becomeHolder(): Promise<void> {
    if (this.holders >= this.maxHolders) await new Promise<void>((resolve) => this.waitingForHolder.push(resolve));
    else this.holders += 1;
  }

  private leaveHolders(): void {
    // The place passes straight to the next waiter, so the count stays as it is.
    const next = this.waitingForHolder.shift();
    if (next) next();
    else this.holders -= 1;
  }
}

/** The contacts a submission takes turns on: per product line, as duplicates are. */
export function contactsOf(lead: { productLine: string; phone: string | null; email: string | null }): string[] {
  const contacts: string[] = [];
  if (lead.phone) contacts.push(`${lead.productLine}|phone|${lead.phone}`);
  // Stored normalized (lead.validation) and compared byte by byte, so the key is the address itself.
  if (lead.email) contacts.push(`${lead.productLine}|email|${lead.email}`);
  return contacts;
}
