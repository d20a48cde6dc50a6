import { In, type EntityManager } from 'typeorm';
import { LeadStatus } from '../../../lib/domain/enums';
import { LeadEntity } from './lead.entity';

/** Statuses from which a lead may be routed (offered, or queued again). */
export const ROUTABLE_STATUSES: readonly LeadStatus[] = [LeadStatus.NEW, LeadStatus.QUEUED];

/**
 * Moves a lead to `to` only if it is still in one of `from`: the conditional
 * update decides which of several concurrent routings, responses or instances
 * acts on the lead (on MySQL it also locks the row for the rest of the transaction).
 */
export async function transitionLead(
  em: EntityManager,
  leadId: string,
  from: readonly LeadStatus[],
  to: LeadStatus,
  now: Date,
): Promise<boolean> {
  const result = await em
    .createQueryBuilder()
    .update(LeadEntity)
    .set({ status: to, updatedAt: now })
    .where({ id: leadId, status: In([...from]) })
    .execute();
  return result.affected === 1;
}
