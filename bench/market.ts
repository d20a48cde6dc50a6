import { seededRandom } from '../scripts/demo/random';

/**
 * The simulated market of the routing-quality benchmark: agents whose true
 * bind probability differs by product line (a specialty line where they
 * convert far better, and an overall skill), and a stream of leads.
 * Every policy is judged on the same market and the same lead stream.
 */
export const LINES = ['PERSONAL_AUTO', 'HOMEOWNERS', 'LIFE', 'COMMERCIAL_GL'] as const;
export type Line = (typeof LINES)[number];

const BASE_RATE: Record<Line, number> = { PERSONAL_AUTO: 0.1, HOMEOWNERS: 0.12, LIFE: 0.07, COMMERCIAL_GL: 0.15 };
const SPECIALTY_LIFT = 3;
const OFF_SPECIALTY = 0.6;

export interface SimAgent {
  index: number;
  specialty: Line;
  /** Product lines the agent holds a certification for: most specialists in their specialty, a few others elsewhere. */
  certifications: Line[];
  /** True P(bind) per product line: what the optimum knows and no policy sees. */
  trueRate: Record<Line, number>;
}

export interface SimLead {
  index: number;
  line: Line;
}

export interface Market {
  agents: SimAgent[];
  leads: SimLead[];
  maxOpen: number;
  roundSize: number;
}

/** Standard normal by Box-Muller from a uniform source. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function buildMarket(options: {
  agents: number;
  leads: number;
  maxOpen: number;
  roundSize: number;
  seed: number;
}): Market {
  const random = seededRandom(options.seed);
  const agents = Array.from({ length: options.agents }, (_, index): SimAgent => {
    const specialty = LINES[index % LINES.length];
    const skill = Math.exp(0.35 * normal(random));
    const trueRate = Object.fromEntries(
      LINES.map((line) => [
        line,
        Math.min(0.9, Math.max(0.005, BASE_RATE[line] * skill * (line === specialty ? SPECIALTY_LIFT : OFF_SPECIALTY))),
      ]),
    ) as Record<Line, number>;
    const certifications: Line[] = [];
    if (random() < 0.85) certifications.push(specialty);
    const other = LINES[Math.floor(random() * LINES.length)];
    if (random() < 0.15 && other !== specialty) certifications.push(other);
    return { index, specialty, certifications, trueRate };
  });
  const leads = Array.from({ length: options.leads }, (_, index): SimLead => ({
    index,
    line: LINES[Math.floor(random() * LINES.length)],
  }));
  return { agents, leads, maxOpen: options.maxOpen, roundSize: options.roundSize };
}

/** The leads arriving in round `round` (0-based). */
export const arrivals = (market: Market, round: number): SimLead[] =>
  market.leads.slice(round * market.roundSize, (round + 1) * market.roundSize);

export const roundCount = (market: Market): number => Math.ceil(market.leads.length / market.roundSize);
