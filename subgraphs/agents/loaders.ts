import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { selectByKeys } from '../../lib/db/plain-sql';
import type { RequestContext } from '../../lib/context';
import { groupLoader, rowLoader } from '../../lib/loaders';
import { AgentEntity } from './agent/agent.entity';
import { AgentNotFoundError } from './agent/agent.errors';
import { AgentLicenseEntity } from './license/license.entity';

export interface AgentLoaders {
  /** One agent per id; a missing id gets an AgentNotFoundError (NOT_FOUND). */
  agentById: DataLoader<string, AgentEntity>;
  /** Licenses per agent id, ordered by state and line. */
  licensesByAgentId: DataLoader<string, AgentLicenseEntity[]>;
}

export type AgentContext = RequestContext<AgentLoaders>;

/** A fresh set per request: one SQL statement per loader per batch, however many agents a query touches. */
export function createLoaders(dataSource: DataSource): AgentLoaders {
  const em = dataSource.manager;
  return {
    agentById: rowLoader(
      (ids) => selectByKeys(em, AgentEntity, 'id', ids),
      (agent) => agent.id,
      (id) => new AgentNotFoundError(id),
    ),
    licensesByAgentId: groupLoader(
      (agentIds) => selectByKeys(em, AgentLicenseEntity, 'agentId', agentIds, ['state', 'line']),
      (license) => license.agentId,
    ),
  };
}

/** After a write to an agent, later reads in the same request (e.g. the next mutation of one operation) must see it. */
export function forgetAgent(loaders: AgentLoaders, agentId: string): void {
  loaders.agentById.clear(agentId);
  loaders.licensesByAgentId.clear(agentId);
}
