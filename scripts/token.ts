import { parseArgs } from 'node:util';
import { Role, signToken } from '../lib/auth';
import { loadConfig } from '../lib/config';

/**
 * Prints a development token: `npm run token -- --role ADMIN`,
 * `--role AGENT --agent <id>`, `--role PARTNER --partner <id>`.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'ADMIN' },
      agent: { type: 'string' },
      partner: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const role = (values.role ?? 'ADMIN').toUpperCase() as Role;
  if (!Object.values(Role).includes(role)) throw new Error(`--role must be one of ${Object.values(Role).join(', ')}`);
  if (role === Role.AGENT && !values.agent) throw new Error('--role AGENT needs --agent <agentId>');
  if (role === Role.PARTNER && !values.partner) throw new Error('--role PARTNER needs --partner <partnerId>');
  const config = loadConfig();
  const sub = values.sub ?? values.agent ?? values.partner ?? `dev-${role.toLowerCase()}`;
  const token = signToken(
    config.jwtSecret,
    { sub, role, agentId: values.agent, partnerId: values.partner },
    values.expires as `${number}h`,
  );
  console.log(token);
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
