import { OutcomeType } from '../../../lib/domain/enums';

/** The columns of agent_conversion_stats that count leads (see the entity for their definition). */
export interface ConversionCounts {
  leads: number;
  contacted: number;
  quoted: number;
  bound: number;
  lost: number;
}

type Stage = Exclude<keyof ConversionCounts, 'leads'>;

/** The stages a lead has reached once an outcome of this type is recorded for it. */
const STAGES_REACHED: Record<OutcomeType, readonly Stage[]> = {
  [OutcomeType.CONTACTED]: ['contacted'],
  [OutcomeType.QUOTED]: ['contacted', 'quoted'],
  [OutcomeType.BOUND]: ['contacted', 'quoted', 'bound'],
  // A lead can be lost before anyone reaches it, so LOST implies no other stage.
  [OutcomeType.LOST]: ['lost'],
};

/**
 * How one more outcome of an agent for a lead changes the agent's counts, given
 * the types of the agent's earlier outcomes for the same lead: each column grows
 * by one only when the lead reaches that stage with this agent for the first time.
 */
export function conversionIncrements(earlierTypes: readonly OutcomeType[], type: OutcomeType): ConversionCounts {
  const reached = new Set<Stage>(earlierTypes.flatMap((earlier) => STAGES_REACHED[earlier]));
  const increments: ConversionCounts = {
    leads: earlierTypes.length === 0 ? 1 : 0,
    contacted: 0,
    quoted: 0,
    bound: 0,
    lost: 0,
  };
  for (const stage of STAGES_REACHED[type]) if (!reached.has(stage)) increments[stage] = 1;
  return increments;
}

export const isZero = (counts: ConversionCounts): boolean =>
  counts.leads === 0 && counts.contacted === 0 && counts.quoted === 0 && counts.bound === 0 && counts.lost === 0;
