import DataLoader from 'dataloader';
import { rowLoader } from '../../../lib/loaders';
import type { RuleSetEntity } from './rule-set.entity';
import type { RuleSetService } from './rule-set.service';

export class RuleSetNotFoundError extends Error {
  constructor(readonly key: string | number) {
    super(`Rule set ${key} does not exist`);
  }
}

/** Per-request rule set access; the leads subgraph's loaders include these. */
export interface RuleSetLoaders {
  /**
   * The ACTIVE rule set, read once per request: every decision and every
   * `RuleSet.active` in one request see the same version.
   */
  activeRuleSet: () => Promise<RuleSetEntity>;
  /** Forgets the memo, after this request published a new version. */
  forgetActiveRuleSet: () => void;
  ruleSetById: DataLoader<string, RuleSetEntity>;
  /** For decisions, which record the version they used. */
  ruleSetByVersion: DataLoader<number, RuleSetEntity>;
}

export function createRuleSetLoaders(ruleSets: RuleSetService): RuleSetLoaders {
  let active: Promise<RuleSetEntity> | null = null;
  return {
    activeRuleSet: () => {
      if (!active) {
        const loading = ruleSets.active();
        active = loading;
        // A failed read is not remembered, so a later caller in the request may try again.
        loading.catch(() => {
          if (active === loading) active = null;
        });
      }
      return active;
    },
    forgetActiveRuleSet: () => {
      active = null;
    },
    ruleSetById: rowLoader(
      (ids) => ruleSets.findByIds(ids),
      (ruleSet) => ruleSet.id,
      (id) => new RuleSetNotFoundError(id),
    ),
    ruleSetByVersion: new DataLoader<number, RuleSetEntity>(async (versions) => {
      const byVersion = new Map((await ruleSets.findByVersions(versions)).map((row) => [row.version, row]));
      return versions.map((version) => byVersion.get(version) ?? new RuleSetNotFoundError(version));
    }),
  };
}

/** The rule set, or null when no rule set has this id. */
export async function loadRuleSetOrNull(loaders: RuleSetLoaders, id: string): Promise<RuleSetEntity | null> {
  try {
    return await loaders.ruleSetById.load(id);
  } catch (error) {
    if (error instanceof RuleSetNotFoundError) return null;
    throw error;
  }
}
