import { MinCostFlow } from './min-cost-flow';
import { arrivals, LINES, roundCount, type Line, type Market, type SimAgent, type SimLead } from './market';
import { seededRandom } from '../scripts/demo/random';
import { estimatedBindRate, PRIOR_PSEUDO_LEADS } from '../subgraphs/outcomes/stats/bind-rate';

/**
 * Policies simulated in memory on the same market and the same process as
 * Leadflow's run: each round's leads are routed as they arrive (or queued),
 * then every open lead is worked to an outcome, freeing capacity, and the
 * queue is drained oldest first; after the last round, steps repeat until the
 * queue is empty. Returns the expected binds (sum of true rates) and the step count.
 */
export interface PolicyResult {
  expectedBinds: number;
  steps: number;
}

type Chooser = (lead: SimLead, free: SimAgent[]) => SimAgent;

export function simulate(
  market: Market,
  choose: Chooser,
  learn: (agent: SimAgent, line: Line, bound: boolean) => void,
  seed: number,
): PolicyResult {
  const outcomeRandom = seededRandom(seed);
  const open = new Array<number>(market.agents.length).fill(0);
  const working: Array<{ agent: SimAgent; lead: SimLead }> = [];
  const queue: SimLead[] = [];
  let expectedBinds = 0;
  let steps = 0;
  const route = (lead: SimLead): boolean => {
    const free = market.agents.filter((agent) => open[agent.index] < market.maxOpen);
    if (free.length === 0) return false;
    const agent = choose(lead, free);
    open[agent.index] += 1;
    working.push({ agent, lead });
    expectedBinds += agent.trueRate[lead.line];
    return true;
  };
  const step = (): void => {
    steps += 1;
    for (const { agent, lead } of working.splice(0)) {
      learn(agent, lead.line, outcomeRandom() < agent.trueRate[lead.line]);
      open[agent.index] -= 1;
    }
    while (queue.length > 0 && route(queue[0])) queue.shift();
  };
  for (let round = 0; round < roundCount(market); round += 1) {
    for (const lead of arrivals(market, round)) if (!route(lead)) queue.push(lead);
    step();
  }
  while (queue.length > 0 || working.length > 0) step();
  return { expectedBinds, steps };
}

/** Next eligible agent with free capacity after the last one served. */
export function roundRobin(market: Market, seed: number): PolicyResult {
  let pointer = 0;
  return simulate(
    market,
    (_lead, free) => {
      const next = free.find((agent) => agent.index >= pointer) ?? free[0];
      pointer = next.index + 1;
      return next;
    },
    () => undefined,
    seed,
  );
}

/** The agent with the highest estimated P(bind) (same Beta-Binomial estimate), no load discount, no rotation. */
export function greedyByEstimate(market: Market, seed: number, priorStrength = PRIOR_PSEUDO_LEADS): PolicyResult {
  const leads = new Map<string, number>();
  const bound = new Map<string, number>();
  // Pooled per product line and certification status, as Leadflow's prior is, but raw (unshrunk).
  const pooled = new Map<string, { leads: number; bound: number }>();
  const poolKey = (agent: SimAgent, line: Line): string => `${line}:${agent.certifications.includes(line)}`;
  const poolOf = (agent: SimAgent, line: Line) => {
    const k = poolKey(agent, line);
    if (!pooled.has(k)) pooled.set(k, { leads: 0, bound: 0 });
    return pooled.get(k)!;
  };
  const key = (agent: SimAgent, line: Line): string => `${agent.index}:${line}`;
  return simulate(
    market,
    (lead, free) => {
      let best = free[0];
      let bestEstimate = -1;
      for (const agent of free) {
        const pool = poolOf(agent, lead.line);
        const prior = pool.leads > 0 ? pool.bound / pool.leads : 0.1;
        const k = key(agent, lead.line);
        const estimate = estimatedBindRate(
          { leads: leads.get(k) ?? 0, bound: bound.get(k) ?? 0 },
          prior,
          priorStrength,
        );
        if (estimate > bestEstimate) [best, bestEstimate] = [agent, estimate];
      }
      return best;
    },
    (agent, line, wasBound) => {
      const k = key(agent, line);
      leads.set(k, (leads.get(k) ?? 0) + 1);
      if (wasBound) bound.set(k, (bound.get(k) ?? 0) + 1);
      const pool = poolOf(agent, line);
      pool.leads += 1;
      if (wasBound) pool.bound += 1;
    },
    seed,
  );
}

/**
 * The offline optimum: knowing every true rate and the whole lead stream, send
 * each lead to an agent so as to maximise expected binds, each agent taking at
 * most `maxOpen` leads per step over `steps` steps. A transportation problem,
 * solved exactly as a min-cost flow; an upper bound for any online policy that
 * finishes in as many steps.
 */
export function offlineOptimum(market: Market, steps: number): number {
  const perAgent = market.maxOpen * steps;
  const source = 0;
  const lineNode = (line: number): number => 1 + line;
  const agentNode = (agent: number): number => 1 + LINES.length + agent;
  const sink = 1 + LINES.length + market.agents.length;
  const flow = new MinCostFlow(sink + 1);
  LINES.forEach((line, index) => {
    flow.addEdge(source, lineNode(index), market.leads.filter((lead) => lead.line === line).length, 0);
    for (const agent of market.agents)
      flow.addEdge(lineNode(index), agentNode(agent.index), perAgent, -agent.trueRate[line]);
  });
  for (const agent of market.agents) flow.addEdge(agentNode(agent.index), sink, perAgent, 0);
  const [, cost] = flow.solve(source, sink);
  return -cost;
}
