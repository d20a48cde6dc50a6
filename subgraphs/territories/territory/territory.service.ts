import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../../lib/auth';
import { isUniqueViolation } from '../../../lib/db/data-source';
import { recordEligibilityChanged } from '../../../lib/events/agent-eligibility';
import { TerritoryRole } from '../../../lib/domain/enums';
import { isId, newId } from '../../../lib/domain/ids';
import { BadUserInputError } from '../../../lib/errors';
import { lookupZip } from '../../../lib/geo/zip-codes';
import { agentExists } from '../agent/agent-directory';
import { AgentNotFoundError } from '../agent/agent.errors';
import type { TerritoriesContext } from '../context';
import { TerritoryMemberEntity } from '../membership/territory-member.entity';
import { areasContaining, validateNewTerritory, type Area } from './territory-areas';
import { TerritoryAreaEntity } from './territory-area.entity';
import { TerritoryEntity } from './territory.entity';
import { TerritoryNameTakenError, TerritoryNotFoundError } from './territory.errors';
import type { NewTerritory } from './territory.inputs';

/**
 * A member's weight multiplies its routing score. Weights far beyond any
 * share a manager means (1e308) made scores infinite: every such agent tied,
 * and a decision's scores could no longer be stored or shown.
 */
const MAX_MEMBER_WEIGHT = 1000;
import { requireTerritoryEditor, requireTerritoryReader } from './territory.policy';

/** Who joins which territory, and how; role defaults to PRIMARY and weight to 1. */
export interface TerritoryAssignment {
  territoryId: string;
  agentId: string;
  role?: TerritoryRole | null;
  weight?: number | null;
}

/** Territory names order case-insensitively, as the database compares them. */
const byName = new Intl.Collator('en', { sensitivity: 'base' });

/** Keeps one INSERT's placeholders far below every engine's limit. */
const AREA_INSERT_CHUNK = 500;

export class TerritoryService {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates a territory with its areas, all or nothing. Staff only. */
  async create(viewer: Viewer, input: NewTerritory): Promise<TerritoryEntity> {
    requireTerritoryEditor(viewer);
    const { name, areas } = validateNewTerritory(input);
    const territory: TerritoryEntity = { id: newId(), name, createdAt: new Date() };
    try {
      await this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(TerritoryEntity, { name })) throw new TerritoryNameTakenError(name);
        await manager.insert(TerritoryEntity, territory);
        const rows = areas.map((area) => ({ territoryId: territory.id, ...area }));
        for (let start = 0; start < rows.length; start += AREA_INSERT_CHUNK) {
          await manager.insert(TerritoryAreaEntity, rows.slice(start, start + AREA_INSERT_CHUNK));
        }
      });
    } catch (error) {
      // Another request created the same name between the check and the insert.
      if (isUniqueViolation(error)) throw new TerritoryNameTakenError(name);
      throw error;
    }
    return territory;
  }

  /**
   * Makes an agent a member of a territory, or updates the role and weight of
   * an existing member: assigning twice never duplicates. Staff only. A new
   * membership, role or weight may let the agent take queued leads in the
   * territory, so it is published as AgentEligibilityChanged (TERRITORY).
   */
  async assign(viewer: Viewer, assignment: TerritoryAssignment): Promise<TerritoryEntity> {
    requireTerritoryEditor(viewer);
    const role = assignment.role ?? TerritoryRole.PRIMARY;
    const weight = assignment.weight ?? 1;
    if (!Number.isFinite(weight) || weight <= 0 || weight > MAX_MEMBER_WEIGHT)
      throw new BadUserInputError('weight', `must be a number above 0 and at most ${MAX_MEMBER_WEIGHT}`);
    const write = (): Promise<TerritoryEntity> =>
      this.dataSource.transaction((manager) => this.upsertMember(manager, assignment, role, weight));
    try {
      return await write();
    } catch (error) {
      // A concurrent first assignment of the same agent won the insert: now it is an update.
      if (isUniqueViolation(error)) return write();
      throw error;
    }
  }

  private async upsertMember(
    manager: EntityManager,
    { territoryId, agentId }: TerritoryAssignment,
    role: TerritoryRole,
    weight: number,
  ): Promise<TerritoryEntity> {
    const territory = isId(territoryId) ? await manager.findOneBy(TerritoryEntity, { id: territoryId }) : null;
    if (!territory) throw new TerritoryNotFoundError(territoryId);
    if (!(await agentExists(manager, agentId))) throw new AgentNotFoundError(agentId);
    const now = new Date();
    const key = { territoryId, agentId };
    const member = await manager.findOne(TerritoryMemberEntity, { where: key, select: { role: true, weight: true } });
    if (member) {
      await manager.update(TerritoryMemberEntity, key, { role, weight, updatedAt: now });
    } else {
      await manager.insert(TerritoryMemberEntity, { ...key, role, weight, createdAt: now, updatedAt: now });
    }
    if (!member || member.role !== role || member.weight !== weight) {
      await recordEligibilityChanged(manager, agentId, 'TERRITORY', now);
    }
    return territory;
  }

  async get(ctx: TerritoriesContext, id: string): Promise<TerritoryEntity> {
    requireTerritoryReader(ctx.viewer);
    if (!isId(id)) throw new TerritoryNotFoundError(id);
    return ctx.loaders.territoryById.load(id);
  }

  /**
   * The `territory(id:)` query: null for an id no territory has, as `agent`
   * and `lead` answer, so a portal tells "gone" from a failure the same way
   * everywhere. A reference to a missing territory stays NOT_FOUND (get).
   */
  async find(ctx: TerritoriesContext, id: string): Promise<TerritoryEntity | null> {
    try {
      return await this.get(ctx, id);
    } catch (error) {
      if (error instanceof TerritoryNotFoundError) return null;
      throw error;
    }
  }

  async list(ctx: TerritoriesContext): Promise<TerritoryEntity[]> {
    requireTerritoryReader(ctx.viewer);
    const territories = await this.dataSource.getRepository(TerritoryEntity).find({ order: { name: 'ASC' } });
    return this.primed(ctx, territories);
  }

  /**
   * Territories containing a ZIP code through its state, the ZIP itself, one of
   * its prefixes or its county. The areas' (kind, value) index yields the ids,
   * then the territories come by primary key: two lookups whatever the table
   * sizes, where a single semi-join lets MySQL's optimizer choose to scan territories.
   */
  async findForPostalCode(ctx: TerritoriesContext, postalCode: string): Promise<TerritoryEntity[]> {
    requireTerritoryReader(ctx.viewer);
    const location = lookupZip(postalCode);
    if (!location) throw new BadUserInputError('postalCode', `"${postalCode}" is not a US ZIP code`);
    const valuesByKind = new Map<Area['kind'], string[]>();
    for (const { kind, value } of areasContaining(location)) {
      valuesByKind.set(kind, [...(valuesByKind.get(kind) ?? []), value]);
    }
    const query = this.dataSource
      .getRepository(TerritoryAreaEntity)
      .createQueryBuilder('area')
      .select('area.territoryId', 'territoryId')
      .distinct(true);
    const conditions: string[] = [];
    [...valuesByKind].forEach(([kind, values], index) => {
      conditions.push(`(area.kind = :kind${index} AND area.value IN (:...values${index}))`);
      query.setParameter(`kind${index}`, kind).setParameter(`values${index}`, values);
    });
    const rows = await query.where(conditions.join(' OR ')).getRawMany<{ territoryId: string }>();
    const territories = await Promise.all(rows.map((row) => ctx.loaders.territoryById.load(row.territoryId)));
    return territories.sort((a, b) => byName.compare(a.name, b.name));
  }

  async areasOf(ctx: TerritoriesContext, territoryId: string): Promise<TerritoryAreaEntity[]> {
    return ctx.loaders.areasByTerritoryId.load(territoryId);
  }

  async membersOf(ctx: TerritoriesContext, territoryId: string): Promise<TerritoryMemberEntity[]> {
    return ctx.loaders.membersByTerritoryId.load(territoryId);
  }

  async territoriesOfAgent(ctx: TerritoriesContext, agentId: string): Promise<TerritoryEntity[]> {
    requireTerritoryReader(ctx.viewer);
    const memberships = await ctx.loaders.territoriesByAgentId.load(agentId);
    return memberships.map((membership) => membership.territory);
  }

  private primed(ctx: TerritoriesContext, territories: TerritoryEntity[]): TerritoryEntity[] {
    for (const territory of territories) ctx.loaders.territoryById.prime(territory.id, territory);
    return territories;
  }
}
