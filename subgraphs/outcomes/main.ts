import 'reflect-metadata';
import { runSubgraphMain } from '../../lib/server/subgraph-main';
import { outcomesSubgraph } from './index';

void runSubgraphMain(outcomesSubgraph);
