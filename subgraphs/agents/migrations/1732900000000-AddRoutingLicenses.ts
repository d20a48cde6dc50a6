import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { LineOfAuthority } from '../../../lib/domain/enums';
import { routingLicensesOf, type LicenseFields } from '../license/routing-licenses';
import { AddLicenseRoutingIndex1732600000000 } from './1732600000000-AddLicenseRoutingIndex';

/**
 * `agents.routing_licenses`: each agent's copy of its licenses for routing
 * (license/routing-licenses.ts), filled here from agent_licenses. Agents are
 * copied one UPDATE each: GROUP_CONCAT would truncate an agent licensed in
 * many states at MySQL's default 1,024 bytes. Routing no longer reads
 * agent_licenses, so the index AddLicenseRoutingIndex made for its lookups
 * goes; the unique (agent_id, state, line) index serves an agent's licenses.
 */
export class AddRoutingLicenses1732900000000 implements MigrationInterface {
  name = 'AddRoutingLicenses1732900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'agents',
      new TableColumn({ name: 'routing_licenses', type: 'text', isNullable: true }),
    );
    const rows: Array<{ agent_id: string; state: string; line: LineOfAuthority; expires_on: string | null }> =
      await queryRunner.query('SELECT agent_id, state, line, expires_on FROM agent_licenses');
    const byAgent = new Map<string, LicenseFields[]>();
    for (const row of rows) {
      const held = byAgent.get(row.agent_id) ?? [];
      held.push({ state: row.state, line: row.line, expiresOn: row.expires_on });
      byAgent.set(row.agent_id, held);
    }
    for (const [agentId, held] of byAgent) {
      await queryRunner.query('UPDATE agents SET routing_licenses = ? WHERE id = ?', [
        JSON.stringify(routingLicensesOf(held)),
        agentId,
      ]);
    }
    await queryRunner.query("UPDATE agents SET routing_licenses = '[]' WHERE routing_licenses IS NULL");
    await queryRunner.dropIndex('agent_licenses', 'ix_agent_licenses_agent_state_expiry');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The index comes back as the migration that first made it made it.
    await new AddLicenseRoutingIndex1732600000000().up(queryRunner);
    await queryRunner.dropColumn('agents', 'routing_licenses');
  }
}
