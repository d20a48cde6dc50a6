import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { RequestContext } from '../../lib/context';
import { buildSubgraphSchema } from '../../lib/federation/build-subgraph-schema';
import type { SubgraphModule } from '../../lib/federation/subgraph-module';
import { LeadEntity } from './lead/lead.entity';
import { LeadResolver } from './lead/lead.resolver';
import { LeadService } from './lead/lead.service';
import { createLoaders, loadLeadOrNull, type LeadsLoaders } from './loaders';
import { CreateLeads1732400000000 } from './migrations/1732400000000-CreateLeads';

/**
 * Leads: partners submit them (validated, located from the ZIP code,
 * idempotent per partner and external id, flagged when duplicate), staff and
 * partners read them. Other subgraphs reference `Lead` by id.
 */
export const leadsSubgraph: SubgraphModule<LeadsLoaders> = {
  name: 'leads',
  entities: [LeadEntity],
  migrations: [CreateLeads1732400000000],
  async build(dataSource, config) {
    const leadService = new LeadService(dataSource, config);
    const schema = await buildSubgraphSchema({
      resolvers: [LeadResolver],
      resolverInstances: [new LeadResolver(leadService)],
      referenceResolvers: {
        Lead: {
          // The subgraph that holds the reference decided the viewer may see the lead;
          // its PII is still guarded by `contact`.
          __resolveReference: (reference: { id: string }, ctx: RequestContext<LeadsLoaders>) =>
            loadLeadOrNull(ctx.loaders, reference.id),
        },
      } as GraphQLResolverMap<unknown>,
    });
    return { schema, createLoaders: () => createLoaders(leadService) };
  },
};

export { LeadEntity } from './lead/lead.entity';
export { LeadNotFoundError } from './lead/lead.errors';
export type { SubmitLeadFields } from './lead/lead.inputs';
export { LeadService, type LeadListFilter, type LeadServiceOptions } from './lead/lead.service';
export { createLoaders, loadLeadOrNull, type LeadsLoaders } from './loaders';
