import type { EntityManager } from 'typeorm';
import { isId } from '../../../lib/domain/ids';

/**
 * Whether an agent exists. The agents subgraph owns the `agents` table; all
 * subgraphs share one database, so this reads the table directly by primary key
 * rather than calling another subgraph in the middle of a write.
 */
export async function agentExists(manager: EntityManager, agentId: string): Promise<boolean> {
  if (!isId(agentId)) return false;
  const row: unknown = await manager
    .createQueryBuilder()
    .select('agent.id', 'id')
    .from('agents', 'agent')
    .where('agent.id = :agentId', { agentId })
    .getRawOne();
  return row !== undefined && row !== null;
}
