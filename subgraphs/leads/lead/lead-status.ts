import type { EntityManager } from 'typeorm';
import { LeadStatus } from '../../../lib/domain/enums';
import { changedRows, columnValue, type Statement } from '../../../lib/db/plain-sql';
import { LeadEntity } from './lead.entity';

/** Statuses from which a lead may be routed (offered, or queued again). */
export const ROUTABLE_STATUSES: readonly LeadStatus[] = [LeadStatus.NEW, LeadStatus.QUEUED];

/**
 * Moves a lead to `to` only if it is still in one of `from`: the conditional
 * update decides which of several concurrent routings, responses or instances
 * acts on the lead (on MySQL it also locks the row for the rest of the transaction).
 * Runs inside the caller's transaction.
 */
export async function transitionLead(
  em: EntityManager,
  leadId: string,
  from: readonly LeadStatus[],
  to: LeadStatus,
  now: Date,
): Promise<boolean> {
  const { sql, parameters } = transitionStatement(em, leadId, from, to, now);
  return (await changedRows(em, sql, parameters)) === 1;
}

/** transitionLead's UPDATE, for a caller that sends it with other statements; it changes one row when the lead moved. */
export function transitionStatement(
  em: EntityManager,
  leadId: string,
  from: readonly LeadStatus[],
  to: LeadStatus,
  now: Date,
): Statement {
  const leads = em.connection.driver.escape(em.connection.getMetadata(LeadEntity).tableName);
  return {
    sql: `UPDATE ${leads} SET status = ?, updated_at = ? WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
    parameters: [to, columnValue(em, LeadEntity, 'updatedAt', now), columnValue(em, LeadEntity, 'id', leadId), ...from],
  };
}
