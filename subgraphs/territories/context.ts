import type { RequestContext } from '../../lib/context';
import type { TerritoryLoaders } from './loaders';

export type TerritoriesContext = RequestContext<TerritoryLoaders>;
