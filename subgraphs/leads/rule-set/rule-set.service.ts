import { setTimeout as sleep } from 'node:timers/promises';
import { In, type DataSource, type Repository } from 'typeorm';
import { requireRole, Role, type Viewer } from '../../../lib/auth';
import { isUniqueViolation } from '../../../lib/db/data-source';
import { newId } from '../../../lib/domain/ids';
import { RecentValue } from '../../../lib/recent-value';
import { RuleSetEntity } from './rule-set.entity';
import { RuleSetPublishContendedError } from './rule-set.errors';
import { validateRuleSetDocument } from './rule-set.schema';

/** Each lost race means another publisher won a version, so this many covers that many simultaneous publishers. */
const PUBLISH_ATTEMPTS = 12;
/** `published_by` is varchar(128). */
const MAX_PUBLISHER_LENGTH = 128;

/**
 * Versioned routing rules. The ACTIVE rule set is the one with the highest
 * version (the migration seeds version 1), so publishing is one insert and
 * there is never a moment without, or with two, active versions.
 */
export class RuleSetService {
  private readonly ruleSets: Repository<RuleSetEntity>;
  private readonly routingRuleSet: RecentValue<RuleSetEntity>;

  /** `routingCacheMs`: how old the rule set `activeForRouting` returns may be (Config.routingCacheMs). */
  constructor(dataSource: DataSource, options: { routingCacheMs?: number } = {}) {
    this.ruleSets = dataSource.getRepository(RuleSetEntity);
    this.routingRuleSet = new RecentValue(() => this.active(), options.routingCacheMs ?? 0);
  }

  /**
   * The active rule set as routing applies it: read at most once per
   * `routingCacheMs` per process rather than once per decision. A version
   * published through this process applies to its very next decision; other
   * instances apply it within that time. Each decision records its version.
   */
  activeForRouting(): Promise<RuleSetEntity> {
    return this.routingRuleSet.get();
  }

  async active(): Promise<RuleSetEntity> {
    const [latest] = await this.ruleSets.find({ order: { version: 'DESC' }, take: 1 });
    // Not a client's mistake: the leads migration seeds version 1, so this means a broken database.
    if (!latest) throw new Error('No rule set exists: the leads migrations have not run');
    return latest;
  }

  /** Every version, newest first. */
  list(): Promise<RuleSetEntity[]> {
    return this.ruleSets.find({ order: { version: 'DESC' } });
  }

  findByIds(ids: readonly string[]): Promise<RuleSetEntity[]> {
    return this.ruleSets.findBy({ id: In([...ids]) });
  }

  findByVersions(versions: readonly number[]): Promise<RuleSetEntity[]> {
    return this.ruleSets.findBy({ version: In([...versions]) });
  }

  /**
   * ADMIN only. Validates `rules` (BAD_USER_INPUT naming `input.rules…`) and
   * stores them as the next version, which is active from then on. Concurrent
   * publishers race for the same next version; the unique index lets exactly
   * one win and the others retry with the version after it.
   */
  async publish(viewer: Viewer, rules: unknown): Promise<RuleSetEntity> {
    requireRole(viewer, Role.ADMIN);
    const document = validateRuleSetDocument(rules, 'input.rules');
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt += 1) {
      const ruleSet = this.ruleSets.create({
        id: newId(),
        version: (await this.maxVersion()) + 1,
        rules: document,
        publishedAt: new Date(),
        publishedBy: viewer.sub.slice(0, MAX_PUBLISHER_LENGTH),
      });
      try {
        await this.ruleSets.insert(ruleSet);
        this.routingRuleSet.invalidate();
        return ruleSet;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Jitter spreads the losers out so that they do not collide again on the next version.
        await sleep(Math.random() * 10 * attempt);
      }
    }
    throw new RuleSetPublishContendedError(PUBLISH_ATTEMPTS);
  }

  private async maxVersion(): Promise<number> {
    const row = await this.ruleSets
      .createQueryBuilder('ruleSet')
      .select('MAX(ruleSet.version)', 'version')
      .getRawOne<{ version: number | string | null }>();
    return Number(row?.version ?? 0);
  }
}
