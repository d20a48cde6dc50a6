import { Role, signToken, type Viewer } from '../../lib/auth';
import { DEVELOPMENT_JWT_SECRET } from '../../lib/config';

export const TEST_JWT_SECRET = DEVELOPMENT_JWT_SECRET;

export const tokenFor = (viewer: Viewer): string => signToken(TEST_JWT_SECRET, viewer);
export const adminToken = (): string => tokenFor({ sub: 'admin-1', role: Role.ADMIN });
export const managerToken = (): string => tokenFor({ sub: 'manager-1', role: Role.MANAGER });
export const agentToken = (agentId: string): string => tokenFor({ sub: `agent-${agentId}`, role: Role.AGENT, agentId });
export const partnerToken = (partnerId: string): string =>
  tokenFor({ sub: `partner-${partnerId}`, role: Role.PARTNER, partnerId });
