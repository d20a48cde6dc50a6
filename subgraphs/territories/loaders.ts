import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { selectByKeys } from '../../lib/db/plain-sql';
import { groupLoader, rowLoader } from '../../lib/loaders';
import { TerritoryMemberEntity } from './membership/territory-member.entity';
import { TerritoryAreaEntity } from './territory/territory-area.entity';
import { TerritoryEntity } from './territory/territory.entity';
import { TerritoryNotFoundError } from './territory/territory.errors';

/** A membership read together with its territory, in one statement. */
export type MembershipWithTerritory = TerritoryMemberEntity & { territory: TerritoryEntity };

export interface TerritoryLoaders {
  territoryById: DataLoader<string, TerritoryEntity>;
  /** Ordered by kind, then value. */
  areasByTerritoryId: DataLoader<string, TerritoryAreaEntity[]>;
  /** Ordered by when the agent joined. */
  membersByTerritoryId: DataLoader<string, TerritoryMemberEntity[]>;
  /** An agent's memberships with their territories, ordered by territory name. */
  territoriesByAgentId: DataLoader<string, MembershipWithTerritory[]>;
}

/** One set per request, so no request sees another's cache and changes show on the next request. */
export function createLoaders(dataSource: DataSource): TerritoryLoaders {
  const em = dataSource.manager;
  const territoryById = rowLoader<string, TerritoryEntity>(
    (ids) => selectByKeys(em, TerritoryEntity, 'id', ids),
    (territory) => territory.id,
    (id) => new TerritoryNotFoundError(id),
  );

  const areasByTerritoryId = groupLoader<string, TerritoryAreaEntity>(
    (ids) => selectByKeys(em, TerritoryAreaEntity, 'territoryId', ids, ['kind', 'value']),
    (area) => area.territoryId,
  );

  const membersByTerritoryId = groupLoader<string, TerritoryMemberEntity>(
    (ids) => selectByKeys(em, TerritoryMemberEntity, 'territoryId', ids, ['createdAt', 'agentId']),
    (member) => member.territoryId,
  );

  const territoriesByAgentId = groupLoader<string, MembershipWithTerritory>(
    async (agentIds) => {
      const memberships = (await dataSource
        .getRepository(TerritoryMemberEntity)
        .createQueryBuilder('member')
        .innerJoinAndSelect('member.territory', 'territory')
        .where('member.agentId IN (:...agentIds)', { agentIds })
        .orderBy('territory.name', 'ASC')
        .getMany()) as MembershipWithTerritory[];
      // The same request usually reads these territories' fields next.
      for (const { territory } of memberships) territoryById.prime(territory.id, territory);
      return memberships;
    },
    (membership) => membership.agentId,
  );

  return { territoryById, areasByTerritoryId, membersByTerritoryId, territoriesByAgentId };
}
