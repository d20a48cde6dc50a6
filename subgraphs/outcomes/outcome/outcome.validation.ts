import { OutcomeType } from '../../../lib/domain/enums';
import { BadUserInputError } from '../../../lib/errors';
import type { RecordOutcomeInput } from './outcome.inputs';

/**
 * Clocks disagree a little: an outcome "in the future", or "before the lead was
 * created" (by the leads subgraph's clock), by less than this is taken as on time.
 */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

const MAX_PREMIUM = 999_999_999_999.99; // DECIMAL(14,2)
const MAX_REASON_LENGTH = 500;
const MAX_POLICY_NUMBER_LENGTH = 64;
const OUTCOME_TYPES = new Set<string>(Object.values(OutcomeType));
/** The outcomes that carry a premium, which they require. */
const PRICED_TYPES = new Set<OutcomeType>([OutcomeType.QUOTED, OutcomeType.BOUND]);

/** A RecordOutcomeInput that passed every check that needs no database, normalized. */
export interface ValidOutcomeInput {
  leadId: string;
  agentId: string | null;
  type: OutcomeType;
  premium: number | null;
  reason: string | null;
  policyNumber: string | null;
  occurredAt: Date;
}

const blankToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** Checks every field that needs no database, so nothing is written when any of them is wrong. */
export function validateRecordOutcomeInput(input: RecordOutcomeInput, now: Date): ValidOutcomeInput {
  const leadId = blankToNull(input.leadId);
  if (!leadId) throw new BadUserInputError('input.leadId', 'is required');
  // GraphQL checks the enum; callers outside GraphQL (seeders) do not go through it.
  if (!OUTCOME_TYPES.has(input.type))
    throw new BadUserInputError('input.type', `must be one of ${[...OUTCOME_TYPES].join(', ')}`);
  const type = input.type;

  const premium = input.premium ?? null;
  if (premium !== null) {
    // A quote or a sale of nothing would count as a conversion in the agent's statistics while worth nothing.
    if (PRICED_TYPES.has(type)) {
      if (!Number.isFinite(premium) || premium <= 0) {
        throw new BadUserInputError('input.premium', `must be more than 0 for a ${type} outcome`);
      }
    } else if (!Number.isFinite(premium) || premium < 0) {
      throw new BadUserInputError('input.premium', 'must be 0 or more');
    }
    if (premium > MAX_PREMIUM) throw new BadUserInputError('input.premium', `must be at most ${MAX_PREMIUM}`);
    if (Math.abs(premium * 100 - Math.round(premium * 100)) > 1e-6) {
      throw new BadUserInputError('input.premium', 'must be in whole cents');
    }
  } else if (PRICED_TYPES.has(type)) {
    throw new BadUserInputError('input.premium', `is required for a ${type} outcome`);
  }

  // Optional even for BOUND: the contract's RecordOutcomeInput has no policy number,
  // and a client following it must still be able to record a sale.
  const policyNumber = blankToNull(input.policyNumber);
  if (type !== OutcomeType.BOUND && policyNumber) {
    throw new BadUserInputError('input.policyNumber', 'only a BOUND outcome has a policy number');
  }
  if (policyNumber && policyNumber.length > MAX_POLICY_NUMBER_LENGTH) {
    throw new BadUserInputError('input.policyNumber', `must be at most ${MAX_POLICY_NUMBER_LENGTH} characters`);
  }

  const reason = blankToNull(input.reason);
  if (type === OutcomeType.LOST && !reason)
    throw new BadUserInputError('input.reason', 'is required for a LOST outcome');
  if (reason && reason.length > MAX_REASON_LENGTH) {
    throw new BadUserInputError('input.reason', `must be at most ${MAX_REASON_LENGTH} characters`);
  }

  const occurredAt = input.occurredAt ?? now;
  if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) {
    throw new BadUserInputError('input.occurredAt', 'must be a valid date-time');
  }
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new BadUserInputError('input.occurredAt', 'may not be in the future');
  }

  const agentId = input.agentId == null ? null : input.agentId.trim();
  if (agentId === '') throw new BadUserInputError('input.agentId', 'may not be blank');

  return { leadId, agentId, type, premium, reason, policyNumber, occurredAt };
}

/**
 * The check that needs the lead: an outcome cannot precede the lead it is
 * about (a mistyped date would otherwise sit first in the lead's history).
 */
export function assertOccurredAfterCreation(occurredAt: Date, leadCreatedAt: Date): void {
  if (occurredAt.getTime() < leadCreatedAt.getTime() - CLOCK_SKEW_MS) {
    throw new BadUserInputError(
      'input.occurredAt',
      `may not be before the lead was created (${leadCreatedAt.toISOString()})`,
    );
  }
}
