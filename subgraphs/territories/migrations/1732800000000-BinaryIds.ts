import { binaryIdsMigration } from '../../../lib/db/binary-ids.migration';

export const TerritoriesBinaryIds1732800000000 = binaryIdsMigration('TerritoriesBinaryIds1732800000000', {
  territories: ['id'],
  territory_areas: ['territory_id'],
  territory_members: ['territory_id', 'agent_id'],
});
