import type { EntityManager } from 'typeorm';
import { changedRows, columnValue, type Statement } from '../../../lib/db/plain-sql';
import { eventsStatement, recordEvent, type OutboxRecord } from '../../../lib/events/outbox';
import { Topic } from '../../../lib/events/topics';
import { utilizationLimit } from '../../../lib/domain/utilization';
import { AgentEntity } from '../agent/agent.entity';
import { agentLocalDate } from '../agent/capacity';

/**
 * The only writes to an agent's capacity counters. Each is one conditional
 * UPDATE inside the caller's transaction, so any number of routing instances
 * can race for the same agent and none pushes it past max open, daily cap or
 * the rule's utilization threshold.
 */

/**
 * Takes one unit of the agent's capacity if it has one left now: open below
 * max open, and today's (agent-local) assignments below the daily cap; with
 * `maxUtilization` (a rule's capacity threshold, at most 1), only if the unit
 * keeps open at most that share of max open, so that concurrent routings
 * cannot together carry an agent past the threshold each checked alone.
 * Returns false, changing nothing, when the agent is full (on MariaDB the
 * transaction may still hold the agent's row lock then, see
 * RoutingService.applyInPasses). On success records
 * CapacityChanged and then `andRecord`, the events of what the unit was taken
 * for (routing's offer), in one statement.
 */
export async function reserveCapacity(
  em: EntityManager,
  agent: Pick<AgentEntity, 'id' | 'timezone'>,
  now: Date = new Date(),
  andRecord: readonly OutboxRecord[] = [],
  maxUtilization = 1,
): Promise<boolean> {
  const [update, events] = reservationStatements(em, agent, now, andRecord, maxUtilization);
  if ((await changedRows(em, update.sql, update.parameters)) !== 1) return false;
  await changedRows(em, events.sql, events.parameters);
  return true;
}

/**
 * reserveCapacity's two statements, for a caller that sends them with others
 * at once (RoutingService): the conditional UPDATE, which changes one row when
 * the unit was taken, and the events' INSERT, which the caller must roll back
 * with everything else when the UPDATE changed none.
 */
export function reservationStatements(
  em: EntityManager,
  agent: Pick<AgentEntity, 'id' | 'timezone'>,
  now: Date,
  andRecord: readonly OutboxRecord[],
  maxUtilization: number,
): [Statement, Statement] {
  const day = agentLocalDate(agent.timezone, now);
  // Written out, not built with the query builder: it runs in every routing (lib/db/plain-sql).
  const agents = em.connection.getMetadata(AgentEntity).tableName;
  const updatedAt = columnValue(em, AgentEntity, 'updatedAt', now);
  const update: Statement = {
    sql: `UPDATE ${em.connection.driver.escape(agents)}
        SET open_count = open_count + 1,
            assigned_today = CASE WHEN assigned_day = ? THEN assigned_today + 1 ELSE 1 END,
            assigned_day = ?, updated_at = ?
      WHERE id = ? AND open_count < max_open AND open_count + 1 <= max_open * ?
        AND (assigned_day IS NULL OR assigned_day <> ? OR assigned_today < daily_cap)
        AND timezone = ?`,
    // The day is the agent's in the zone the caller read. Moved to another zone since (the count was
    // carried to that zone's date), it would undo the carry-over: the reservation counts as refused,
    // and routing decides again on fresh facts.
    parameters: [day, day, updatedAt, agent.id, utilizationLimit(maxUtilization), day, agent.timezone],
  };
  const event: OutboxRecord = {
    topic: Topic.CapacityChanged,
    aggregateId: agent.id,
    payload: { agentId: agent.id, freed: false },
  };
  return [update, eventsStatement(em, [event, ...andRecord], now)];
}

/** Gives back the unit an OFFERED or ACCEPTED assignment held (decline, expiry, closing outcome). */
export async function releaseCapacity(em: EntityManager, agentId: string, now: Date = new Date()): Promise<void> {
  await em
    .createQueryBuilder()
    .update(AgentEntity)
    .set({ openCount: () => 'open_count - 1', updatedAt: now })
    .where('id = :id', { id: agentId })
    .andWhere('open_count > 0')
    .execute();
  await recordEvent(em, Topic.CapacityChanged, agentId, { agentId, freed: true }, now);
}
