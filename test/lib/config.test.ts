import { ConfigError, loadConfig } from '../../lib/config';

describe('loadConfig', () => {
  it('opens up to 20 MySQL connections per process and keeps Apollo telemetry off unless told otherwise', () => {
    const config = loadConfig({});
    expect(config.databasePoolSize).toBe(20);
    expect(config.apolloTelemetry).toBe(false);

    const tuned = loadConfig({ DATABASE_POOL_SIZE: '32', APOLLO_TELEMETRY: 'true' });
    expect(tuned.databasePoolSize).toBe(32);
    expect(tuned.apolloTelemetry).toBe(true);
  });

  it.each([
    ['DATABASE_POOL_SIZE', '0', /DATABASE_POOL_SIZE must be at least 1/],
    ['DATABASE_POOL_SIZE', 'many', /DATABASE_POOL_SIZE must be a non-negative integer, got "many"/],
    ['APOLLO_TELEMETRY', 'maybe', /APOLLO_TELEMETRY must be true or false, got "maybe"/],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
