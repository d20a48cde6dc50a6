import { binaryIdsMigration } from '../../../lib/db/binary-ids.migration';

export const LeadsBinaryIds1732800000000 = binaryIdsMigration('LeadsBinaryIds1732800000000', {
  leads: ['id', 'duplicate_of_id'],
  routing_decisions: ['id', 'lead_id', 'chosen_agent_id'],
  assignments: ['id', 'lead_id', 'agent_id', 'decision_id', 'open_lead_id'],
  rule_sets: ['id'],
});
