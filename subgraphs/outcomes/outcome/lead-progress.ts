import { LeadStatus, OutcomeType } from '../../../lib/domain/enums';

/**
 * A lead's way to a sale: NEW / QUEUED / OFFERED / ASSIGNED → CONTACTED → QUOTED
 * → BOUND | LOST. Statuses only move forward; a later stage may skip earlier ones.
 */
const STAGE_OF_STATUS: Partial<Record<LeadStatus, number>> = {
  [LeadStatus.NEW]: 0,
  [LeadStatus.QUEUED]: 0,
  [LeadStatus.OFFERED]: 0,
  [LeadStatus.ASSIGNED]: 0,
  [LeadStatus.CONTACTED]: 1,
  [LeadStatus.QUOTED]: 2,
  [LeadStatus.BOUND]: 3,
  [LeadStatus.LOST]: 3,
};

const STAGE_OF_OUTCOME: Record<OutcomeType, number> = {
  [OutcomeType.CONTACTED]: 1,
  [OutcomeType.QUOTED]: 2,
  [OutcomeType.BOUND]: 3,
  [OutcomeType.LOST]: 3,
};

const STATUS_OF_OUTCOME: Record<OutcomeType, LeadStatus> = {
  [OutcomeType.CONTACTED]: LeadStatus.CONTACTED,
  [OutcomeType.QUOTED]: LeadStatus.QUOTED,
  [OutcomeType.BOUND]: LeadStatus.BOUND,
  [OutcomeType.LOST]: LeadStatus.LOST,
};

export const isClosed = (status: LeadStatus): boolean => status === LeadStatus.BOUND || status === LeadStatus.LOST;

export interface StatusMove {
  next: LeadStatus;
  /** The statuses the lead may have for the move to apply: exactly those of earlier stages. */
  allowedPrevious: LeadStatus[];
}

/**
 * The status move an outcome causes for a lead that is still open, or
 * undefined when the lead is already at that stage or beyond (the outcome is
 * recorded, the status stays).
 */
export function statusMoveFor(current: LeadStatus, type: OutcomeType): StatusMove | undefined {
  const target = STAGE_OF_OUTCOME[type];
  const currentStage = STAGE_OF_STATUS[current];
  if (currentStage === undefined || currentStage >= target) return undefined;
  const allowedPrevious = (Object.entries(STAGE_OF_STATUS) as [LeadStatus, number][])
    .filter(([, stage]) => stage < target)
    .map(([status]) => status);
  return { next: STATUS_OF_OUTCOME[type], allowedPrevious };
}
