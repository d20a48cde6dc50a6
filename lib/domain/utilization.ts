/**
 * The share of an agent's max open that a rule's `maxUtilization` lets one
 * more lead bring it to, with room for floating-point rounding: 0.29 × 100
 * is 28.999999999999996, and an agent may reach the threshold exactly.
 * Routing's eligibility and the capacity ledger's conditional update compare
 * (open + 1) / maxOpen, and open + 1 against maxOpen × this, alike.
 */
export function utilizationLimit(maxUtilization: number): number {
  return maxUtilization + 1e-9;
}
