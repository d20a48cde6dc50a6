import type { SubgraphModule } from '../lib/federation/subgraph-module';
import { agentsSubgraph } from './agents';
import { leadsSubgraph } from './leads';
import { outcomesSubgraph } from './outcomes';
import { territoriesSubgraph } from './territories';

/** The four subgraphs, in migration order (owners of borrowed tables first). */
export const SUBGRAPHS: readonly SubgraphModule[] = [
  leadsSubgraph as SubgraphModule,
  agentsSubgraph as SubgraphModule,
  territoriesSubgraph as SubgraphModule,
  outcomesSubgraph as SubgraphModule,
];
