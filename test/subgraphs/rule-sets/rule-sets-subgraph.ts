import { buildSubgraphSchema } from '../../../lib/federation/build-subgraph-schema';
import type { SubgraphModule } from '../../../lib/federation/subgraph-module';
import { CreateRouting1732500100000 } from '../../../subgraphs/leads/migrations/1732500100000-CreateRouting';
import { RuleSetEntity } from '../../../subgraphs/leads/rule-set/rule-set.entity';
import { createRuleSetLoaders, type RuleSetLoaders } from '../../../subgraphs/leads/rule-set/rule-set.loaders';
import { RuleSetResolver, ruleSetReferenceResolvers } from '../../../subgraphs/leads/rule-set/rule-set.resolver';
import { RuleSetService } from '../../../subgraphs/leads/rule-set/rule-set.service';
import { createTestDatabase } from '../../support/mysql';
import { startTestSubgraph, type TestSubgraph } from '../../support/subgraph';

/**
 * The rule set slice of the leads subgraph, wired as the leads module wires it,
 * so that rule sets are tested on their own while the module itself changes.
 */
export const ruleSetsOnlySubgraph: SubgraphModule<RuleSetLoaders> = {
  name: 'leads',
  entities: [RuleSetEntity],
  migrations: [CreateRouting1732500100000],
  async build(dataSource) {
    const ruleSetService = new RuleSetService(dataSource);
    const schema = await buildSubgraphSchema({
      resolvers: [RuleSetResolver],
      resolverInstances: [new RuleSetResolver(ruleSetService)],
      referenceResolvers: ruleSetReferenceResolvers,
    });
    return { schema, createLoaders: () => createRuleSetLoaders(ruleSetService) };
  },
};

export const ENGINES = ['SQLite', 'MariaDB'] as const;
export type Engine = (typeof ENGINES)[number];

export interface RuleSetsUnderTest extends TestSubgraph {
  /** Rows in `rule_sets`, read straight from the database. */
  countRuleSets(): Promise<number>;
  /** Closes the subgraph and drops its database. */
  stop(): Promise<void>;
}

export async function startRuleSets(engine: Engine): Promise<RuleSetsUnderTest> {
  const database = engine === 'MariaDB' ? await createTestDatabase() : undefined;
  const subgraph = await startTestSubgraph(ruleSetsOnlySubgraph, { databaseUrl: database?.url });
  return {
    ...subgraph,
    countRuleSets: () => subgraph.dataSource.getRepository(RuleSetEntity).count(),
    stop: async () => {
      await subgraph.close();
      await database?.drop();
    },
  };
}

export const RULE_SET_FIELDS = 'id version active rules publishedAt publishedBy';

export interface RuleSetView {
  id: string;
  version: number;
  active: boolean;
  rules: Record<string, unknown>;
  publishedAt: string | null;
  publishedBy: string | null;
}

export const PUBLISH_RULE_SET = `mutation Publish($input: RuleSetInput!) {
  publishRuleSet(input: $input) { ${RULE_SET_FIELDS} }
}`;
export const ACTIVE_RULE_SET = `{ activeRuleSet { ${RULE_SET_FIELDS} } }`;
export const RULE_SETS = `{ ruleSets { ${RULE_SET_FIELDS} } }`;
