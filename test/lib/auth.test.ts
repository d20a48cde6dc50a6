import { Role, signToken, verifyToken } from '../../lib/auth';
import { UnauthenticatedError } from '../../lib/errors';

const SECRET = 'a-test-secret-of-enough-length-for-hs256';
const agent = { sub: 'agent-7', role: Role.AGENT, agentId: 'agent-7' };

describe('verifyToken (verified tokens are remembered)', () => {
  it('keeps refusing a token once it has expired, though it verified before', async () => {
    const token = signToken(SECRET, agent, 1);
    expect(verifyToken(SECRET, token)).toMatchObject({ role: Role.AGENT, agentId: 'agent-7' });
    // JWT expiry has whole-second precision: 1 s from issue can be as little as a few ms away.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(() => verifyToken(SECRET, token)).toThrow(UnauthenticatedError);
  });

  it('refuses a tampered copy and another secret after the genuine token verified', () => {
    const token = signToken(SECRET, agent);
    expect(verifyToken(SECRET, token).agentId).toBe('agent-7');
    const [header, , signature] = token.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ role: Role.ADMIN, sub: 'agent-7' })).toString('base64url');
    expect(() => verifyToken(SECRET, `${header}.${forgedClaims}.${signature}`)).toThrow(UnauthenticatedError);
    expect(() => verifyToken('another-secret-of-enough-length-for-hs256', token)).toThrow(UnauthenticatedError);
  });

  it('hands out a viewer no caller can change for the next request', () => {
    const token = signToken(SECRET, agent);
    const viewer = verifyToken(SECRET, token);
    expect(() => Object.assign(viewer, { role: Role.ADMIN })).toThrow(TypeError);
    expect(verifyToken(SECRET, token).role).toBe(Role.AGENT);
  });
});
