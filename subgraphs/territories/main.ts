import 'reflect-metadata';
import { runSubgraphMain } from '../../lib/server/subgraph-main';
import { territoriesSubgraph } from '.';

void runSubgraphMain(territoriesSubgraph);
