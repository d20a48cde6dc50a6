import { binaryIdsMigration } from '../../../lib/db/binary-ids.migration';

export const AgentsBinaryIds1732800000000 = binaryIdsMigration('AgentsBinaryIds1732800000000', {
  agents: ['id'],
  agent_licenses: ['id', 'agent_id'],
});
