import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { hasControlCharacters } from './domain/text';
import { ForbiddenError, UnauthenticatedError } from './errors';

export enum Role {
  ADMIN = 'ADMIN',
  MANAGER = 'MANAGER',
  AGENT = 'AGENT',
  PARTNER = 'PARTNER',
}

/** Who is calling, from the verified JWT. */
export interface Viewer {
  sub: string;
  role: Role;
  agentId?: string;
  partnerId?: string;
}

const ROLES = new Set<string>(Object.values(Role));

/** What `leads.partner_id` holds. */
export const MAX_PARTNER_ID_LENGTH = 64;

/**
 * Why a partner id cannot be one, or undefined when it can. Checked wherever
 * one comes in (a partner's token, an admin naming one), so a partner's leads
 * are never refused as an internal error when the column would overflow.
 */
export function partnerIdProblem(partnerId: string): string | undefined {
  if (partnerId.trim() === '') return 'must not be empty';
  // MySQL's utf8mb4_bin ignores trailing spaces: "acme " would be partner "acme" there, and not on SQLite.
  if (partnerId.trim() !== partnerId) return 'must not begin or end with white space';
  if (partnerId.length > MAX_PARTNER_ID_LENGTH) return `must be at most ${MAX_PARTNER_ID_LENGTH} characters`;
  if (hasControlCharacters(partnerId)) return 'must not contain control characters';
  return undefined;
}

const secretKeys = new Map<string, KeyObject>();

/**
 * As a string, jsonwebtoken first tries the secret as a PEM public key and
 * falls back, costing ~0.5 ms per verify; a secret KeyObject goes straight to HMAC.
 */
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

export function signToken(secret: string, viewer: Viewer, expiresIn: jwt.SignOptions['expiresIn'] = '12h'): string {
  const { sub, ...claims } = viewer;
  return jwt.sign(claims, secretKey(secret), { algorithm: 'HS256', subject: sub, expiresIn });
}

/** Verified tokens kept per process; far more than the agents and partners calling one instance at once. */
const VERIFIED_TOKENS = 10_000;
/** How long a token without an expiry is trusted before it is verified again. */
const UNEXPIRING_TOKEN_MS = 60_000;
const verified = new Map<string, { viewer: Viewer; until: number }>();

/**
 * The viewer of a valid token. A token that verified is remembered until it
 * expires (at most 10,000 of them, oldest forgotten first): a gateway forwards
 * each caller's token to every subgraph of a plan, and an agent's live offers
 * bring the same token with every event, so verifying its HMAC each time was
 * several percent of a subgraph's CPU. Only the exact token string verified
 * under this secret is reused; anything else is verified in full.
 */
export function verifyToken(secret: string, token: string): Viewer {
  const key = `${secret}\n${token}`;
  const known = verified.get(key);
  if (known && Date.now() < known.until) return known.viewer;
  verified.delete(key);
  const { viewer, expiresAt } = verifyTokenNow(secret, token);
  if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
  verified.set(key, { viewer, until: expiresAt ?? Date.now() + UNEXPIRING_TOKEN_MS });
  return viewer;
}

function verifyTokenNow(secret: string, token: string): { viewer: Viewer; expiresAt: number | undefined } {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, secretKey(secret), { algorithms: ['HS256'] });
  } catch (error) {
    throw new UnauthenticatedError(`Invalid token: ${(error as Error).message}`);
  }
  if (typeof payload === 'string' || !payload.sub || !ROLES.has(String(payload.role))) {
    throw new UnauthenticatedError('Invalid token: claims sub and role are required');
  }
  const role = payload.role as Role;
  if (role === Role.AGENT && typeof payload.agentId !== 'string') {
    throw new UnauthenticatedError('Invalid token: an AGENT token needs agentId');
  }
  if (role === Role.PARTNER && typeof payload.partnerId !== 'string') {
    throw new UnauthenticatedError('Invalid token: a PARTNER token needs partnerId');
  }
  const partnerProblem = typeof payload.partnerId === 'string' ? partnerIdProblem(payload.partnerId) : undefined;
  if (role === Role.PARTNER && partnerProblem) {
    throw new UnauthenticatedError(`Invalid token: its partnerId ${partnerProblem}`);
  }
  const viewer: Viewer = {
    sub: payload.sub,
    role,
    agentId: typeof payload.agentId === 'string' ? payload.agentId : undefined,
    partnerId: typeof payload.partnerId === 'string' ? payload.partnerId : undefined,
  };
  Object.freeze(viewer);
  return { viewer, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined };
}

/** Reads `Authorization: Bearer <JWT>`; throws UNAUTHENTICATED when absent or invalid. */
export function viewerFromAuthorization(secret: string, header: string | undefined): Viewer {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new UnauthenticatedError();
  return verifyToken(secret, match[1]);
}

export const isStaff = (viewer: Viewer): boolean => viewer.role === Role.ADMIN || viewer.role === Role.MANAGER;

export function requireRole(viewer: Viewer, ...roles: Role[]): void {
  if (!roles.includes(viewer.role)) {
    throw new ForbiddenError(`This operation needs one of the roles ${roles.join(', ')}`);
  }
}

export function requireStaff(viewer: Viewer): void {
  requireRole(viewer, Role.ADMIN, Role.MANAGER);
}

/** Staff, or the agent acting on its own record. */
export function requireStaffOrAgent(
  viewer: Viewer,
  agentId: string,
  message = 'Only staff or the agent itself may do this',
): void {
  if (isStaff(viewer)) return;
  if (viewer.role === Role.AGENT && viewer.agentId === agentId) return;
  throw new ForbiddenError(message);
}
