import type { DataSource, EntityManager } from 'typeorm';
import { selectByKeys } from '../../../lib/db/plain-sql';
import type { ProductLine } from '../../../lib/domain/enums';
import { AgentConversionStatsEntity } from './agent-conversion-stats.entity';
import { PopulationBindRates } from './bind-rate';
import { isZero, type ConversionCounts } from './conversion-progress';

const COUNT_COLUMNS: readonly (keyof ConversionCounts)[] = ['leads', 'contacted', 'quoted', 'bound', 'lost'];

/**
 * Reads and maintains agent_conversion_stats. The routing engine reads it through
 * `forAgents` and `populationBindRates` (one statement each, whatever the number of candidates).
 */
export class ConversionStatsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Every product line's row of these agents, in one primary-key lookup. */
  async forAgents(agentIds: readonly string[]): Promise<AgentConversionStatsEntity[]> {
    return selectByKeys(this.dataSource.manager, AgentConversionStatsEntity, 'agentId', agentIds);
  }

  /** Bind rates pooled over all agents, per product line and certification. */
  async populationBindRates(): Promise<PopulationBindRates> {
    const rows = await this.dataSource
      .getRepository(AgentConversionStatsEntity)
      .createQueryBuilder('stats')
      .select('stats.productLine', 'productLine')
      .addSelect('stats.certified', 'certified')
      .addSelect('SUM(stats.leads)', 'leads')
      .addSelect('SUM(stats.bound)', 'bound')
      .groupBy('stats.productLine')
      .addGroupBy('stats.certified')
      .getRawMany<{
        productLine: ProductLine;
        certified: boolean | number | string;
        leads: string | number;
        bound: string | number;
      }>();
    // MySQL returns SUM() as a DECIMAL string and booleans as 0/1.
    return new PopulationBindRates(
      rows.map((row) => ({
        productLine: row.productLine,
        certified: Number(row.certified) === 1 || row.certified === true,
        leads: Number(row.leads),
        bound: Number(row.bound),
      })),
    );
  }

  /**
   * Adds `increments` to the agent's row for the product line inside the caller's
   * transaction. One atomic upsert: concurrent outcomes of the same agent add up
   * instead of overwriting each other, and the first one creates the row.
   */
  async add(
    manager: EntityManager,
    agentId: string,
    productLine: ProductLine,
    increments: ConversionCounts,
    now: Date,
    certified = false,
  ): Promise<void> {
    if (isZero(increments)) return;
    const metadata = manager.connection.getMetadata(AgentConversionStatsEntity);
    const updatedAt = manager.connection.driver.preparePersistentValue(
      now,
      metadata.findColumnWithPropertyName('updatedAt')!,
    ) as unknown;
    const isMysql = manager.connection.driver.options.type === 'mysql';
    // Neither engine has a portable "add on conflict" through TypeORM's query builder
    // (its orUpdate only overwrites), hence each engine's own upsert syntax.
    const addColumns = COUNT_COLUMNS.map((column) =>
      isMysql ? `${column} = ${column} + VALUES(${column})` : `${column} = ${column} + excluded.${column}`,
    ).join(', ');
    const onConflict = isMysql
      ? `ON DUPLICATE KEY UPDATE ${addColumns}, certified = VALUES(certified), updated_at = VALUES(updated_at)`
      : `ON CONFLICT (agent_id, product_line) DO UPDATE SET ${addColumns}, certified = excluded.certified, updated_at = excluded.updated_at`;
    await manager.query(
      `INSERT INTO agent_conversion_stats (agent_id, product_line, ${COUNT_COLUMNS.join(', ')}, certified, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ${onConflict}`,
      [agentId, productLine, ...COUNT_COLUMNS.map((column) => increments[column]), certified ? 1 : 0, updatedAt],
    );
  }
}
