import { asciiIdsMigration } from '../../../lib/db/ascii-ids.migration';

export const OutcomesAsciiIds1732800000000 = asciiIdsMigration('OutcomesAsciiIds1732800000000', {
  outcomes: ['id', 'lead_id', 'agent_id'],
  agent_conversion_stats: ['agent_id'],
});
