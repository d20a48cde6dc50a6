import 'reflect-metadata';
import { runSubgraphMain } from '../../lib/server/subgraph-main';
import { leadsSubgraph } from './index';

void runSubgraphMain(leadsSubgraph);
