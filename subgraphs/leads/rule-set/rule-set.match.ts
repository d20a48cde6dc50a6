import { ProductLine } from '../../../lib/domain/enums';
import { PRODUCT_LINES } from '../../../lib/domain/product-lines';
import type { RuleMatch } from './rule-set.document';

/**
 * What a rule's `match` means in terms of the leads it fits, so that rule sets
 * can be checked before they route anything. A lead is fully described here by
 * its product line and premium: its customer type is its product line's
 * (lead.validation), and premiums are never negative, a missing one counting as 0.
 */

/** The product lines whose leads the match can fit, in PRODUCT_LINES order. */
export function productLinesMatchedBy(match: RuleMatch): ProductLine[] {
  const listed = new Set(match.productLines ?? Object.values(ProductLine));
  return Object.values(ProductLine).filter(
    (productLine) =>
      listed.has(productLine) &&
      (!match.customerType || PRODUCT_LINES[productLine].customerType === match.customerType),
  );
}

/** The premium band [min, max) the match accepts. */
export function premiumBandOf(match: RuleMatch): { min: number; max: number } {
  return { min: match.premiumMin ?? 0, max: match.premiumMax ?? Number.POSITIVE_INFINITY };
}

/** Whether every lead `later` fits also fits `earlier`; `later` is expected to fit some lead. */
export function covers(earlier: RuleMatch, later: RuleMatch): boolean {
  const earlierLines = new Set(productLinesMatchedBy(earlier));
  const earlierBand = premiumBandOf(earlier);
  const laterBand = premiumBandOf(later);
  return (
    productLinesMatchedBy(later).every((productLine) => earlierLines.has(productLine)) &&
    earlierBand.min <= laterBand.min &&
    earlierBand.max >= laterBand.max
  );
}
