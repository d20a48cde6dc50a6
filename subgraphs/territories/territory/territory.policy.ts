import { requireRole, requireStaff, Role, type Viewer } from '../../../lib/auth';

/** Staff and agents see territories (agents to know where their leads come from); partners do not. */
export function requireTerritoryReader(viewer: Viewer): void {
  requireRole(viewer, Role.ADMIN, Role.MANAGER, Role.AGENT);
}

/** Territories and their members decide who gets which leads: staff only. */
export function requireTerritoryEditor(viewer: Viewer): void {
  requireStaff(viewer);
}
