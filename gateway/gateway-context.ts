import type { Viewer } from '../lib/auth';
import type { Logger } from '../lib/logger';

export interface GatewayContext {
  requestId: string;
  viewer: Viewer;
  logger: Logger;
  /** The verified `Authorization` header, forwarded as is. */
  authorization: string;
}
