import type { Logger } from './logger';
import type { Viewer } from './auth';

/** What every resolver receives; each subgraph adds its own per-request loaders. */
export interface RequestContext<Loaders = unknown> {
  requestId: string;
  viewer: Viewer;
  logger: Logger;
  loaders: Loaders;
}
