import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { selectByKeys } from '../../lib/db/plain-sql';
import { groupLoader, rowLoader } from '../../lib/loaders';
import { AssignmentEntity } from '../leads/assignment/assignment.entity';
import { OutcomeNotFoundError } from './outcome/outcome.errors';
import type { OutcomeEntity } from './outcome/outcome.entity';
import type { OutcomeService } from './outcome/outcome.service';
import type { AgentConversionStatsEntity } from './stats/agent-conversion-stats.entity';
import type { PopulationBindRates } from './stats/bind-rate';
import type { ConversionStatsService } from './stats/conversion-stats.service';

export interface OutcomesLoaders {
  outcomeById: DataLoader<string, OutcomeEntity>;
  /** Oldest first. */
  outcomesByLeadId: DataLoader<string, OutcomeEntity[]>;
  /**
   * Every offer of each lead, whatever became of it (the leads subgraph's
   * table): what an agent's access to a lead's outcomes depends on (lead-visibility.ts).
   */
  offersByLeadId: DataLoader<string, AssignmentEntity[]>;
  /** One row per product line the agent has outcomes in. */
  statsByAgentId: DataLoader<string, AgentConversionStatsEntity[]>;
  /** The population's bind rates, read at most once per request. */
  populationBindRates: () => Promise<PopulationBindRates>;
}

export function createLoaders(
  dataSource: DataSource,
  outcomes: OutcomeService,
  stats: ConversionStatsService,
): OutcomesLoaders {
  let population: Promise<PopulationBindRates> | undefined;
  return {
    outcomeById: rowLoader(
      (ids) => outcomes.byIds(ids),
      (outcome) => outcome.id,
      (id) => new OutcomeNotFoundError(id),
    ),
    outcomesByLeadId: groupLoader(
      (leadIds) => outcomes.forLeads(leadIds),
      (outcome) => outcome.leadId,
    ),
    offersByLeadId: groupLoader(
      (leadIds) => selectByKeys(dataSource.manager, AssignmentEntity, 'leadId', leadIds),
      (offer) => offer.leadId,
    ),
    statsByAgentId: groupLoader(
      (agentIds) => stats.forAgents(agentIds),
      (row) => row.agentId,
    ),
    populationBindRates: () => (population ??= stats.populationBindRates()),
  };
}
