import { AgentTier, CustomerType, ProductLine, TerritoryRole } from '../../../lib/domain/enums';
import type { RuleSetDocument } from './rule-set.document';

/**
 * Version 1, seeded by the migration: what a carrier would start from.
 * Large commercial risks need senior, certified producers; Medicare needs
 * certification (CMS requires annual training); everyone else is open to any
 * licensed agent, with backups and overflow when primaries are full.
 */
export const DEFAULT_RULE_SET: RuleSetDocument = {
  defaults: {
    minTier: AgentTier.ASSOCIATE,
    requireCertification: false,
    requireAppointment: true,
    maxUtilization: 1,
    offerTimeoutSeconds: 300,
    fallback: [TerritoryRole.BACKUP, TerritoryRole.OVERFLOW],
    rotationTolerance: 0.05,
    propensityBands: [
      { label: 'high', min: 0.25 },
      { label: 'medium', min: 0.12 },
      { label: 'low', min: 0 },
    ],
  },
  rules: [
    {
      name: 'large-commercial',
      match: { customerType: CustomerType.COMMERCIAL, premiumMin: 25000 },
      minTier: AgentTier.SENIOR,
      requireCertification: true,
      offerTimeoutSeconds: 900,
    },
    {
      name: 'medicare',
      match: { productLines: [ProductLine.MEDICARE] },
      requireCertification: true,
    },
  ],
};
