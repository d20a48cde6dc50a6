import { asciiIdsMigration } from '../../../lib/db/ascii-ids.migration';

export const AgentsAsciiIds1732800000000 = asciiIdsMigration('AgentsAsciiIds1732800000000', {
  agents: ['id'],
  agent_licenses: ['id', 'agent_id'],
});
