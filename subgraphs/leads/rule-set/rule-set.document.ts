import { AgentTier, CustomerType, LineOfAuthority, ProductLine, TerritoryRole } from '../../../lib/domain/enums';
import { PRODUCT_LINES } from '../../../lib/domain/product-lines';

/**
 * The machine-readable routing rules of one rule set version (RuleSet.rules).
 * `defaults` apply to every lead; the first rule whose `match` fits the lead
 * overrides them field by field. rule-set.schema.ts validates this shape.
 */
export interface RuleSettings {
  /**
   * Lines of authority any one of which licenses the agent; absent: the product line's (lib/domain/product-lines).
   * Each product line keeps those it accepts of them: a rule narrows licensing, never widens it.
   */
  linesOfAuthority?: LineOfAuthority[];
  minTier?: AgentTier;
  /** The agent must hold a certification for the lead's product line. */
  requireCertification?: boolean;
  /** When the lead names a carrier, the agent must be appointed with it. */
  requireAppointment?: boolean;
  /** Highest share of max open an agent may reach by taking the lead (0 < x ≤ 1). */
  maxUtilization?: number;
  offerTimeoutSeconds?: number;
  /** Member roles tried in order when no PRIMARY member is eligible. */
  fallback?: Array<TerritoryRole.BACKUP | TerritoryRole.OVERFLOW>;
  /** Candidates within this share of the best score are rotated fairly (picked uniformly at random). */
  rotationTolerance?: number;
  /** Labels for the estimated bind probability, highest `min` first; recorded on each candidate. */
  propensityBands?: Array<{ label: string; min: number }>;
}

export interface RuleMatch {
  productLines?: ProductLine[];
  customerType?: CustomerType;
  /** Premium band: inclusive lower bound. A lead without a premium matches no band with a lower bound above 0. */
  premiumMin?: number;
  /** Premium band: exclusive upper bound. */
  premiumMax?: number;
}

export interface Rule extends RuleSettings {
  name: string;
  match: RuleMatch;
}

export type RuleDefaults = Required<Omit<RuleSettings, 'linesOfAuthority'>>;

export interface RuleSetDocument {
  defaults: RuleDefaults;
  rules: Rule[];
}

/** The settings routing applies to one lead: defaults overridden by the first matching rule. */
export interface EffectiveRule extends RuleDefaults {
  /** The matching rule's name; null when only the defaults applied. */
  name: string | null;
  linesOfAuthority: LineOfAuthority[];
}

export interface RoutableLead {
  productLine: ProductLine;
  customerType: CustomerType;
  estimatedPremium: number | null;
}

function matches(match: RuleMatch, lead: RoutableLead): boolean {
  if (match.productLines && !match.productLines.includes(lead.productLine)) return false;
  if (match.customerType && match.customerType !== lead.customerType) return false;
  const premium = lead.estimatedPremium ?? 0;
  if (match.premiumMin !== undefined && premium < match.premiumMin) return false;
  if (match.premiumMax !== undefined && premium >= match.premiumMax) return false;
  return true;
}

export function effectiveRuleFor(document: RuleSetDocument, lead: RoutableLead): EffectiveRule {
  const rule = document.rules.find((candidate) => matches(candidate.match, lead));
  const { name: _name, match: _match, ...overrides }: Rule = rule ?? { name: '', match: {} };
  return {
    ...document.defaults,
    ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)),
    name: rule?.name ?? null,
    linesOfAuthority: licensingLines(overrides.linesOfAuthority, lead.productLine),
  };
}

/**
 * Licensing is a hard, legal requirement: a rule may narrow the product line's
 * lines of authority but never widen or void them. The rule's lines count for
 * this product line as far as it accepts them; none of them (which publishing
 * refuses, but a rule set stored before may hold) leaves its own lines.
 */
function licensingLines(
  ruleLines: readonly LineOfAuthority[] | undefined,
  productLine: ProductLine,
): LineOfAuthority[] {
  const own = PRODUCT_LINES[productLine].linesOfAuthority;
  const narrowed = (ruleLines ?? []).filter((line) => own.includes(line));
  return narrowed.length > 0 ? narrowed : [...own];
}
