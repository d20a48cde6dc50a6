/** The pure routing engine: RoutingInput in, RoutingOutcome out. routing.service supplies the facts and applies the outcome. */
export { decide } from './decide';
export * from './types';
export { PREMIUM_WHEN_UNKNOWN, loadDiscount, roundForAudit } from './scoring';
export type { ScoreComponents } from './scoring';
export { NO_CANDIDATES, NO_ELIGIBLE_AGENT, queuedReasonFor } from './queued-reason';
