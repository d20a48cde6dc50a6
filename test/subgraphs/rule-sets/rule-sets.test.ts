import { DEFAULT_RULE_SET } from '../../../subgraphs/leads/rule-set/default-rule-set';
import { dataOf, errorCode, type GraphQLResponse } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken, partnerToken, tokenFor } from '../../support/tokens';
import { Role } from '../../../lib/auth';
import {
  ACTIVE_RULE_SET,
  ENGINES,
  PUBLISH_RULE_SET,
  RULE_SETS,
  startRuleSets,
  type RuleSetsUnderTest,
  type RuleSetView,
} from './rule-sets-subgraph';

/** A document the tests break on purpose, so any path in it may be written. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EditableDocument = any;

/** A fresh, valid copy of the seeded document, to change one thing in. */
const defaultDocument = (): EditableDocument => JSON.parse(JSON.stringify(DEFAULT_RULE_SET));

const stricterDocument = () => {
  const document = defaultDocument();
  document.defaults.maxUtilization = 0.8;
  document.rules.push({
    name: 'high-value-life',
    match: { productLines: ['LIFE'], premiumMin: 5000, premiumMax: 50000 },
    linesOfAuthority: ['LIFE'],
    minTier: 'STANDARD',
    fallback: ['OVERFLOW'],
  });
  return document;
};

describe.each(ENGINES)('rule sets on %s', (engine) => {
  let subgraph: RuleSetsUnderTest;
  const admin = tokenFor({ sub: 'admin-ada', role: Role.ADMIN });

  beforeAll(async () => {
    subgraph = await startRuleSets(engine);
  });
  afterAll(async () => {
    await subgraph.stop();
  });

  const publish = (rules: unknown, token = admin) =>
    subgraph.request<{ publishRuleSet: RuleSetView }>(PUBLISH_RULE_SET, { input: { rules } }, token);
  const activeRuleSet = async (token = managerToken()) =>
    dataOf(await subgraph.request<{ activeRuleSet: RuleSetView }>(ACTIVE_RULE_SET, {}, token)).activeRuleSet;
  const ruleSets = async (token = managerToken()) =>
    dataOf(await subgraph.request<{ ruleSets: RuleSetView[] }>(RULE_SETS, {}, token)).ruleSets;

  it('serves the seeded default as version 1, active, published by the system', async () => {
    const active = await activeRuleSet(adminToken());
    expect(active).toMatchObject({ version: 1, active: true, publishedBy: 'system', rules: DEFAULT_RULE_SET });
    expect(Date.parse(active.publishedAt!)).toBeLessThanOrEqual(Date.now());
    expect(await ruleSets()).toEqual([active]);
  });

  it('publishes a new version that becomes active, recording who and when; older versions stay listed', async () => {
    const [seeded] = await ruleSets();
    const before = Date.now();
    const { publishRuleSet } = dataOf(await publish(stricterDocument()));
    expect(publishRuleSet).toMatchObject({
      version: 2,
      active: true,
      rules: stricterDocument(),
      publishedBy: 'admin-ada',
    });
    expect(Date.parse(publishRuleSet.publishedAt!)).toBeGreaterThanOrEqual(before - 5);
    expect(Date.parse(publishRuleSet.publishedAt!)).toBeLessThanOrEqual(Date.now() + 5);

    expect(await activeRuleSet()).toEqual(publishRuleSet);
    expect(await ruleSets()).toEqual([publishRuleSet, { ...seeded, active: false }]);
  });

  describe('rejects an invalid document with BAD_USER_INPUT naming the path, and writes nothing', () => {
    const withChange = (change: (document: EditableDocument) => void) => {
      const document = defaultDocument();
      change(document);
      return document;
    };

    it.each([
      [
        'an unknown top-level key',
        withChange((d) => (d.strategy = 'greedy')),
        'input.rules.strategy',
        /not a known property \(allowed: defaults, rules\)/,
      ],
      [
        "an unknown product line in a rule's match",
        withChange((d) => (d.rules[1].match.productLines = ['MEDICARE', 'BOATS'])),
        'input.rules.rules[1].match.productLines[1]',
        /allowed values: PERSONAL_AUTO, .*MEDICARE/,
      ],
      [
        'maxUtilization above 1',
        withChange((d) => (d.defaults.maxUtilization = 1.5)),
        'input.rules.defaults.maxUtilization',
        /must be <= 1/,
      ],
      [
        'maxUtilization of 0',
        withChange((d) => (d.defaults.maxUtilization = 0)),
        'input.rules.defaults.maxUtilization',
        /must be > 0/,
      ],
      [
        'a missing defaults key',
        withChange((d) => delete d.defaults.offerTimeoutSeconds),
        'input.rules.defaults.offerTimeoutSeconds',
        /is required/,
      ],
      [
        'a fractional offer timeout',
        withChange((d) => (d.rules[0].offerTimeoutSeconds = 90.5)),
        'input.rules.rules[0].offerTimeoutSeconds',
        /must be integer/,
      ],
      [
        'duplicate rule names',
        withChange((d) => (d.rules[1].name = 'large-commercial')),
        'input.rules.rules[1].name',
        /duplicates the name "large-commercial" of rules\[0\]/,
      ],
      [
        'a fallback role listed twice',
        withChange((d) => (d.defaults.fallback = ['BACKUP', 'BACKUP'])),
        'input.rules.defaults.fallback[1]',
        /repeats "BACKUP"/,
      ],
      [
        'PRIMARY as a fallback',
        withChange((d) => (d.rules[0].fallback = ['PRIMARY'])),
        'input.rules.rules[0].fallback[0]',
        /allowed values: BACKUP, OVERFLOW/,
      ],
      [
        'an empty premium band',
        withChange((d) => (d.rules[0].match.premiumMax = 25000)),
        'input.rules.rules[0].match.premiumMax',
        /greater than premiumMin/,
      ],
      [
        'no propensity bands',
        withChange((d) => (d.defaults.propensityBands = [])),
        'input.rules.defaults.propensityBands',
        /fewer than 1 items/,
      ],
      [
        'a premiumMax of 0, which no premium is below',
        withChange((d) => (d.rules[1].match.premiumMax = 0)),
        'input.rules.rules[1].match.premiumMax',
        /must be greater than the lowest premium \(0\): .*matches no lead/,
      ],
      [
        'a rule whose product lines are all of another customer type',
        withChange((d) => d.rules.push({ name: 'odd', match: { customerType: 'COMMERCIAL', productLines: ['LIFE'] } })),
        'input.rules.rules[2].match',
        /^input\.rules\.rules\[2\]\.match: matches no lead: none of its productLines is a COMMERCIAL product line$/,
      ],
      [
        'a rule an earlier rule covers',
        withChange((d) =>
          d.rules.push({ name: 'big-bop', match: { productLines: ['BOP'], premiumMin: 50000 }, minTier: 'SPECIALIST' }),
        ),
        'input.rules.rules[2].match',
        /can never apply: rules\[0\] \("large-commercial"\) comes first and matches every lead this match does/,
      ],
      [
        'a rule after a rule that matches every lead',
        withChange((d) => d.rules.unshift({ name: 'everyone', match: {}, maxUtilization: 0.9 })),
        'input.rules.rules[1].match',
        /can never apply: rules\[0\] \("everyone"\) comes first/,
      ],
      [
        'lines of authority that would license LIFE leads with a PROPERTY license',
        withChange((d) =>
          d.rules.push({
            name: 'home-fast',
            match: { productLines: ['HOMEOWNERS', 'LIFE'] },
            linesOfAuthority: ['PROPERTY'],
          }),
        ),
        'input.rules.rules[2].linesOfAuthority',
        /^input\.rules\.rules\[2\]\.linesOfAuthority: keeps none of the lines of authority of LIFE \(LIFE\), which the rule matches: a rule may only narrow/,
      ],
      [
        'lines of authority keeping none of a product line a rule matches through its customer type only',
        withChange((d) => (d.rules[0].linesOfAuthority = ['PROPERTY'])),
        'input.rules.rules[0].linesOfAuthority',
        /keeps none of the lines of authority of COMMERCIAL_GL \(CASUALTY\), which the rule matches/,
      ],
      ['rules that are a string', 'medicare needs certification', 'input.rules', /must be object \(got string\)/],
      ['rules that are an array', [DEFAULT_RULE_SET], 'input.rules', /must be object \(got array\)/],
    ])('%s', async (_case, rules, field, message) => {
      const rowsBefore = await subgraph.countRuleSets();
      const activeBefore = await activeRuleSet();
      const response = await publish(rules);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].extensions?.field).toBe(field);
      expect(response.errors?.[0].message).toMatch(message);
      expect(response.data).toBeNull();
      expect(await subgraph.countRuleSets()).toBe(rowsBefore);
      expect(await activeRuleSet()).toEqual(activeBefore);
    });
  });

  it('refuses a number JSON cannot hold as a double (1e400) as not finite, and writes nothing', async () => {
    const rowsBefore = await subgraph.countRuleSets();
    // Sent as raw JSON: JSON.stringify would turn Infinity into null before it reached the server.
    const body = JSON.stringify({
      query: PUBLISH_RULE_SET,
      variables: { input: { rules: defaultDocument() } },
    }).replace('"premiumMin":25000', '"premiumMin":1e400');
    expect(body).toContain('1e400');
    const response = await fetch(subgraph.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body,
    });
    const { errors } = (await response.json()) as GraphQLResponse<unknown>;
    expect(errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.rules.rules[0].match.premiumMin',
    });
    expect(errors?.[0].message).toBe('input.rules.rules[0].match.premiumMin: must be a finite number');
    expect(await subgraph.countRuleSets()).toBe(rowsBefore);
  });

  it('gives every one of 10 concurrent publishes its own next version, without gaps or duplicates', async () => {
    const start = (await activeRuleSet()).version;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        publish(withRotation(index / 100), tokenFor({ sub: `admin-${index}`, role: Role.ADMIN })),
      ),
    );
    const published = responses.map((response) => dataOf(response).publishRuleSet);
    const versions = published.map((ruleSet) => ruleSet.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 10 }, (_, index) => start + 1 + index));

    const listed = await ruleSets();
    expect(listed.map((ruleSet) => ruleSet.version)).toEqual(
      Array.from({ length: start + 10 }, (_, index) => start + 10 - index),
    );
    expect(listed.filter((ruleSet) => ruleSet.active).map((ruleSet) => ruleSet.version)).toEqual([start + 10]);
    // Each stored version holds the document its own publisher sent.
    for (const ruleSet of published) {
      const index = Number(ruleSet.publishedBy!.replace('admin-', ''));
      expect(listed.find((row) => row.version === ruleSet.version)?.rules).toEqual(withRotation(index / 100));
    }
  });

  it('reports each of two publishes in one operation as active when it was made', async () => {
    const start = (await activeRuleSet()).version;
    const response = await subgraph.request<Record<'first' | 'second', RuleSetView>>(
      `mutation ($rules: JSON!) {
        first: publishRuleSet(input: { rules: $rules }) { version active }
        second: publishRuleSet(input: { rules: $rules }) { version active }
      }`,
      { rules: stricterDocument() },
      admin,
    );
    expect(dataOf(response)).toEqual({
      first: { version: start + 1, active: true },
      second: { version: start + 2, active: true },
    });
    expect((await ruleSets()).filter((ruleSet) => ruleSet.active).map((ruleSet) => ruleSet.version)).toEqual([
      start + 2,
    ]);
  });

  it('resolves `active` for a whole list with one extra statement, not one per row', async () => {
    const count = (await ruleSets()).length;
    expect(count).toBeGreaterThan(5);
    subgraph.statements.reset();
    const listed = await ruleSets();
    expect(listed).toHaveLength(count);
    expect(subgraph.statements.count).toBe(2);
  });

  it('lets ADMIN and MANAGER read, only ADMIN publish, and AGENT and PARTNER nothing', async () => {
    const rowsBefore = await subgraph.countRuleSets();
    for (const token of [adminToken(), managerToken()]) {
      expect((await activeRuleSet(token)).active).toBe(true);
      expect((await ruleSets(token)).length).toBe(rowsBefore);
    }
    const outsiders = [agentToken('agent-1'), partnerToken('partner-1')];
    for (const token of outsiders) {
      expect(errorCode(await subgraph.request(ACTIVE_RULE_SET, {}, token))).toBe('FORBIDDEN');
      expect(errorCode(await subgraph.request(RULE_SETS, {}, token))).toBe('FORBIDDEN');
    }
    for (const token of [managerToken(), ...outsiders]) {
      // Valid or not, the document is never looked at for someone who may not publish.
      expect(errorCode(await publish(defaultDocument(), token))).toBe('FORBIDDEN');
      expect(errorCode(await publish('nonsense', token))).toBe('FORBIDDEN');
    }
    expect(errorCode(await subgraph.request(ACTIVE_RULE_SET))).toBe('UNAUTHENTICATED');
    expect(await subgraph.countRuleSets()).toBe(rowsBefore);
  });

  it('resolves 100 RuleSet references in at most 2 statements, null for unknown ids', async () => {
    const listed = await ruleSets();
    const ids = Array.from({ length: 100 }, (_, index) => listed[index % listed.length].id);
    const representations = [
      ...ids.map((id) => ({ __typename: 'RuleSet', id })),
      { __typename: 'RuleSet', id: '00000000-0000-7000-8000-000000000000' },
    ];
    subgraph.statements.reset();
    const response: GraphQLResponse<{ _entities: Array<{ id: string; version: number } | null> }> =
      await subgraph.request(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on RuleSet { id version } } }`,
        { representations },
        managerToken(),
      );
    const { _entities: entities } = dataOf(response);
    expect(subgraph.statements.count).toBeLessThanOrEqual(2);
    expect(entities.slice(0, 100).map((entity) => entity?.id)).toEqual(ids);
    expect(entities[100]).toBeNull();
  });
});

function withRotation(rotationTolerance: number) {
  const document = defaultDocument();
  document.defaults.rotationTolerance = rotationTolerance;
  return document;
}
