import { registerEnumType } from 'type-graphql';
import { Role } from '../auth';

/** The structured taxonomy of shared/DESIGN.md, registered once for every subgraph. */
export enum ProductLine {
  PERSONAL_AUTO = 'PERSONAL_AUTO',
  HOMEOWNERS = 'HOMEOWNERS',
  RENTERS = 'RENTERS',
  UMBRELLA = 'UMBRELLA',
  LIFE = 'LIFE',
  HEALTH = 'HEALTH',
  MEDICARE = 'MEDICARE',
  COMMERCIAL_GL = 'COMMERCIAL_GL',
  COMMERCIAL_PROPERTY = 'COMMERCIAL_PROPERTY',
  COMMERCIAL_AUTO = 'COMMERCIAL_AUTO',
  WORKERS_COMP = 'WORKERS_COMP',
  BOP = 'BOP',
}

export enum LineOfAuthority {
  LIFE = 'LIFE',
  ACCIDENT_HEALTH = 'ACCIDENT_HEALTH',
  PROPERTY = 'PROPERTY',
  CASUALTY = 'CASUALTY',
  PERSONAL_LINES = 'PERSONAL_LINES',
  VARIABLE_LIFE_ANNUITY = 'VARIABLE_LIFE_ANNUITY',
}

/** Ordered: a rule's minimum tier compares by index. */
export enum AgentTier {
  ASSOCIATE = 'ASSOCIATE',
  STANDARD = 'STANDARD',
  SENIOR = 'SENIOR',
  SPECIALIST = 'SPECIALIST',
}

export enum AgentStatus {
  ONLINE = 'ONLINE',
  AWAY = 'AWAY',
  OFFLINE = 'OFFLINE',
}

export enum LeadStatus {
  NEW = 'NEW',
  QUEUED = 'QUEUED',
  OFFERED = 'OFFERED',
  ASSIGNED = 'ASSIGNED',
  CONTACTED = 'CONTACTED',
  QUOTED = 'QUOTED',
  BOUND = 'BOUND',
  LOST = 'LOST',
  DUPLICATE = 'DUPLICATE',
}

export enum OutcomeType {
  CONTACTED = 'CONTACTED',
  QUOTED = 'QUOTED',
  BOUND = 'BOUND',
  LOST = 'LOST',
}

export enum TerritoryRole {
  PRIMARY = 'PRIMARY',
  BACKUP = 'BACKUP',
  OVERFLOW = 'OVERFLOW',
}

export enum CustomerType {
  PERSONAL = 'PERSONAL',
  COMMERCIAL = 'COMMERCIAL',
}

registerEnumType(Role, { name: 'Role' });
registerEnumType(ProductLine, { name: 'ProductLine' });
registerEnumType(LineOfAuthority, { name: 'LineOfAuthority', description: 'NAIC major lines of authority' });
registerEnumType(AgentTier, { name: 'AgentTier' });
registerEnumType(AgentStatus, { name: 'AgentStatus' });
registerEnumType(LeadStatus, { name: 'LeadStatus' });
registerEnumType(OutcomeType, { name: 'OutcomeType' });
registerEnumType(TerritoryRole, { name: 'TerritoryRole' });
registerEnumType(CustomerType, { name: 'CustomerType' });

export const TIER_ORDER: readonly AgentTier[] = [
  AgentTier.ASSOCIATE,
  AgentTier.STANDARD,
  AgentTier.SENIOR,
  AgentTier.SPECIALIST,
];
