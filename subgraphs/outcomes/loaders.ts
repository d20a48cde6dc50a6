import type DataLoader from 'dataloader';
import { groupLoader, rowLoader } from '../../lib/loaders';
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
  /** One row per product line the agent has outcomes in. */
  statsByAgentId: DataLoader<string, AgentConversionStatsEntity[]>;
  /** The population's bind rates, read at most once per request. */
  populationBindRates: () => Promise<PopulationBindRates>;
}

export function createLoaders(outcomes: OutcomeService, stats: ConversionStatsService): OutcomesLoaders {
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
    statsByAgentId: groupLoader(
      (agentIds) => stats.forAgents(agentIds),
      (row) => row.agentId,
    ),
    populationBindRates: () => (population ??= stats.populationBindRates()),
  };
}
