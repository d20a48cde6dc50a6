import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { stateOfCounty, zipsInCounty } from '../../../lib/geo/zip-codes';
import { TerritoryMemberEntity } from '../membership/territory-member.entity';
import { AreaKind, TerritoryAreaEntity } from './territory-area.entity';
import { MAX_ZIP_PREFIX_LENGTH } from './territory-areas';

/**
 * More county ZIPs than this are not listed in a statement (SQLite takes
 * 32,766 parameters in all): the counties' states stand in for them, which
 * lets more rows through, never fewer.
 */
const MAX_LISTED_COUNTY_ZIPS = 5_000;

/** The territories some agents are members of, as whereInTerritories tests rows against them. */
export interface AgentTerritories {
  territoryIds: readonly string[];
  /** What their county areas contain: the ZIPs, or when those are too many to list, the states. */
  counties: { postalCodes: readonly string[] } | { states: readonly string[] };
}

/** Where a row of a query is, in SQL: its ZIP, and that ZIP's state. */
export interface RowLocation {
  postalCode: string;
  state: string;
}

/**
 * The territories of any of the agents, in one statement (by the members'
 * agent index); null when none of them is a member of any. A row's county is
 * not stored where its ZIP is, so county areas come back as what they contain.
 */
export async function territoriesOfAgents(
  manager: EntityManager,
  agentIds: readonly string[],
): Promise<AgentTerritories | null> {
  if (agentIds.length === 0) return null;
  const rows = await manager
    .createQueryBuilder(TerritoryMemberEntity, 'member')
    .select('member.territoryId', 'territoryId')
    .addSelect('area.value', 'county')
    .distinct(true)
    .leftJoin(TerritoryAreaEntity, 'area', 'area.territoryId = member.territoryId AND area.kind = :countyKind', {
      countyKind: AreaKind.COUNTY,
    })
    .where('member.agentId IN (:...agentIds)', { agentIds: [...agentIds] })
    .getRawMany<{ territoryId: string; county: string | null }>();
  if (rows.length === 0) return null;
  const counties = new Set(rows.flatMap((row) => (row.county ? [row.county] : [])));
  return { territoryIds: [...new Set(rows.map((row) => row.territoryId))], counties: countyContents(counties) };
}

function countyContents(counties: ReadonlySet<string>): AgentTerritories['counties'] {
  const postalCodes = [...counties].flatMap((county) => zipsInCounty(county));
  if (postalCodes.length <= MAX_LISTED_COUNTY_ZIPS) return { postalCodes };
  return { states: [...new Set([...counties].flatMap((county) => stateOfCounty(county) ?? []))] };
}

/**
 * Keeps the rows of `query` located in one of the territories, matched as
 * areasContaining (and so the routing candidate query) matches a ZIP: the
 * territory has the ZIP's state, the ZIP, one of its 1 to
 * MAX_ZIP_PREFIX_LENGTH digit prefixes, or its county. A change to
 * areasContaining belongs here too.
 *
 * Each kind of area is one uncorrelated subquery by territory id, so the
 * statement reads the territories' areas once (MariaDB materializes them; the
 * ZIPs' it probes by the (kind, value) index per row) rather than per row, and
 * its cost does not grow with the number of agents behind the territories.
 */
export function whereInTerritories<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  territories: AgentTerritories,
  at: RowLocation,
): SelectQueryBuilder<T> {
  query.setParameter('inTerritoriesIds', territories.territoryIds);
  const areasOf = (kind: AreaKind): string => {
    query.setParameter(`inTerritoriesKind${kind}`, kind);
    return query
      .subQuery()
      .select('area.value')
      .from(TerritoryAreaEntity, 'area')
      .where(`area.kind = :inTerritoriesKind${kind}`)
      .andWhere('area.territoryId IN (:...inTerritoriesIds)')
      .getQuery();
  };
  const conditions = [`${at.state} IN ${areasOf(AreaKind.STATE)}`, `${at.postalCode} IN ${areasOf(AreaKind.ZIP)}`];
  const prefixes = areasOf(AreaKind.ZIP_PREFIX);
  for (let length = 1; length <= MAX_ZIP_PREFIX_LENGTH; length += 1) {
    conditions.push(`SUBSTR(${at.postalCode}, 1, ${length}) IN ${prefixes}`);
  }
  const { counties } = territories;
  if ('states' in counties) {
    if (counties.states.length > 0) conditions.push(`${at.state} IN (:...inTerritoriesCountyStates)`);
    query.setParameter('inTerritoriesCountyStates', counties.states);
  } else if (counties.postalCodes.length > 0) {
    conditions.push(`${at.postalCode} IN (:...inTerritoriesCountyZips)`);
    query.setParameter('inTerritoriesCountyZips', counties.postalCodes);
  }
  return query.andWhere(`(${conditions.join(' OR ')})`);
}
