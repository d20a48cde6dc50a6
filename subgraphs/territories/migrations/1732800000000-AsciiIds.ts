import { asciiIdsMigration } from '../../../lib/db/ascii-ids.migration';

export const TerritoriesAsciiIds1732800000000 = asciiIdsMigration('TerritoriesAsciiIds1732800000000', {
  territories: ['id'],
  territory_areas: ['territory_id'],
  territory_members: ['territory_id', 'agent_id'],
});
