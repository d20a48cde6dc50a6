import 'reflect-metadata';
import { runSubgraphMain } from '../../lib/server/subgraph-main';
import { agentsSubgraph } from './index';

void runSubgraphMain(agentsSubgraph);
