import type { ProductLine } from '../../../lib/domain/enums';
import { AgentPerformance } from '../agent/agent-performance.type';
import type { AgentConversionStatsEntity } from './agent-conversion-stats.entity';
import { estimatedBindRate, observedBindRate, type PopulationBindRates } from './bind-rate';

/**
 * An agent's performance on one product line, or summed over all of them when
 * `productLine` is null (then the prior is the population rate of the agent's own mix of lines).
 */
export function agentPerformance(
  agentRows: readonly AgentConversionStatsEntity[],
  population: PopulationBindRates,
  productLine: ProductLine | null,
): AgentPerformance {
  const rows = productLine ? agentRows.filter((row) => row.productLine === productLine) : agentRows;
  const sum = (pick: (row: AgentConversionStatsEntity) => number): number =>
    rows.reduce((total, row) => total + pick(row), 0);
  const counts = {
    leads: sum((row) => row.leads),
    contacted: sum((row) => row.contacted),
    quoted: sum((row) => row.quoted),
    bound: sum((row) => row.bound),
    lost: sum((row) => row.lost),
  };
  const priorMean = productLine ? population.rateFor(productLine) : population.rateForMix(rows);
  return Object.assign(new AgentPerformance(), counts, {
    bindRate: observedBindRate(counts),
    estimatedBindRate: estimatedBindRate(counts, priorMean),
  });
}
