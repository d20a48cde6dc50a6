import { binaryIdsMigration } from '../../../lib/db/binary-ids.migration';

export const OutcomesBinaryIds1732800000000 = binaryIdsMigration('OutcomesBinaryIds1732800000000', {
  outcomes: ['id', 'lead_id', 'agent_id'],
  agent_conversion_stats: ['agent_id'],
});
