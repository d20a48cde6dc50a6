import { AgentTier, CustomerType, LineOfAuthority, ProductLine, TerritoryRole } from '../../../lib/domain/enums';
import { DEFAULT_RULE_SET } from '../../../subgraphs/leads/rule-set/default-rule-set';
import {
  effectiveRuleFor,
  type RoutableLead,
  type RuleSetDocument,
} from '../../../subgraphs/leads/rule-set/rule-set.document';
import { MAX_RULE_SET_BYTES, validateRuleSetDocument } from '../../../subgraphs/leads/rule-set/rule-set.schema';
import { refusalOf } from './refusal';

const lead = (overrides: Partial<RoutableLead> = {}): RoutableLead => ({
  productLine: ProductLine.COMMERCIAL_GL,
  customerType: CustomerType.COMMERCIAL,
  estimatedPremium: 10_000,
  ...overrides,
});

const document: RuleSetDocument = {
  defaults: DEFAULT_RULE_SET.defaults,
  rules: [
    {
      name: 'mid-commercial',
      match: { customerType: CustomerType.COMMERCIAL, premiumMin: 10_000, premiumMax: 50_000 },
      minTier: AgentTier.STANDARD,
      offerTimeoutSeconds: 600,
    },
    {
      name: 'any-commercial-gl',
      match: { productLines: [ProductLine.COMMERCIAL_GL, ProductLine.BOP] },
      minTier: AgentTier.SPECIALIST,
      linesOfAuthority: [LineOfAuthority.CASUALTY],
      fallback: [],
    },
  ],
};

describe('effectiveRuleFor', () => {
  it('applies the first matching rule over the defaults, field by field', () => {
    expect(effectiveRuleFor(document, lead())).toEqual({
      ...DEFAULT_RULE_SET.defaults,
      name: 'mid-commercial',
      minTier: AgentTier.STANDARD,
      offerTimeoutSeconds: 600,
      linesOfAuthority: [LineOfAuthority.CASUALTY],
    });
  });

  it('treats premiumMin as inclusive and premiumMax as exclusive', () => {
    expect(effectiveRuleFor(document, lead({ estimatedPremium: 10_000 })).name).toBe('mid-commercial');
    expect(effectiveRuleFor(document, lead({ estimatedPremium: 49_999.99 })).name).toBe('mid-commercial');
    expect(effectiveRuleFor(document, lead({ estimatedPremium: 50_000 })).name).toBe('any-commercial-gl');
    expect(effectiveRuleFor(document, lead({ estimatedPremium: 9_999.99 })).name).toBe('any-commercial-gl');
  });

  it('counts a lead without a premium as 0, outside any band with a positive lower bound', () => {
    expect(effectiveRuleFor(document, lead({ estimatedPremium: null })).name).toBe('any-commercial-gl');
    const zeroBand: RuleSetDocument = { ...document, rules: [{ name: 'small', match: { premiumMax: 500 } }] };
    expect(effectiveRuleFor(zeroBand, lead({ estimatedPremium: null })).name).toBe('small');
  });

  it("takes the rule's lines of authority and other overrides, including an empty fallback", () => {
    const rule = effectiveRuleFor(document, lead({ productLine: ProductLine.BOP, estimatedPremium: 100 }));
    expect(rule).toMatchObject({
      name: 'any-commercial-gl',
      minTier: AgentTier.SPECIALIST,
      // Narrower than BOP's own PROPERTY or CASUALTY.
      linesOfAuthority: [LineOfAuthority.CASUALTY],
      fallback: [],
      offerTimeoutSeconds: DEFAULT_RULE_SET.defaults.offerTimeoutSeconds,
    });
  });

  it("falls back to the defaults and the product line's lines of authority when no rule matches", () => {
    expect(
      effectiveRuleFor(document, lead({ productLine: ProductLine.HOMEOWNERS, customerType: CustomerType.PERSONAL })),
    ).toEqual({
      ...DEFAULT_RULE_SET.defaults,
      name: null,
      linesOfAuthority: [LineOfAuthority.PROPERTY, LineOfAuthority.PERSONAL_LINES],
    });
  });

  it('gives the seeded default its documented behaviour', () => {
    const medicare = effectiveRuleFor(
      DEFAULT_RULE_SET,
      lead({ productLine: ProductLine.MEDICARE, customerType: CustomerType.PERSONAL, estimatedPremium: 3000 }),
    );
    expect(medicare).toMatchObject({
      name: 'medicare',
      requireCertification: true,
      linesOfAuthority: [LineOfAuthority.ACCIDENT_HEALTH],
    });
    const bigBop = effectiveRuleFor(DEFAULT_RULE_SET, lead({ productLine: ProductLine.BOP, estimatedPremium: 25_000 }));
    expect(bigBop).toMatchObject({ name: 'large-commercial', minTier: AgentTier.SENIOR, offerTimeoutSeconds: 900 });
    expect(bigBop.fallback).toEqual([TerritoryRole.BACKUP, TerritoryRole.OVERFLOW]);
  });
});

describe('validateRuleSetDocument', () => {
  const copy = (): RuleSetDocument => JSON.parse(JSON.stringify(document));

  it('accepts the seeded default and returns a copy the caller cannot alter afterwards', () => {
    const input = copy();
    const validated = validateRuleSetDocument(input);
    expect(validated).toEqual(document);
    input.rules[0].name = 'changed';
    expect(validated.rules[0].name).toBe('mid-commercial');
    expect(validateRuleSetDocument(DEFAULT_RULE_SET)).toEqual(DEFAULT_RULE_SET);
  });

  it('names paths under the given field, quoting keys that are not identifiers', () => {
    const input = { ...copy(), 'not valid': true };
    expect(refusalOf(input, 'rules').field).toBe('rules["not valid"]');
  });

  it('reports the first problem and mentions the others', () => {
    const input = copy() as unknown as { defaults: Record<string, unknown>; rules: Array<Record<string, unknown>> };
    input.defaults.minTier = 'INTERN';
    input.rules[1].match = { productLines: [] };
    const { field, message } = refusalOf(input);
    expect(field).toBe('input.rules.defaults.minTier');
    expect(message).toMatch(
      /allowed values: ASSOCIATE, STANDARD, SENIOR, SPECIALIST \(also: input\.rules\.rules\[1\]\.match\.productLines must NOT have fewer than 1 items\)/,
    );
  });

  it.each<[string, (input: RuleSetDocument) => void, string, RegExp]>([
    [
      'an unknown key in a match',
      (input) => Object.assign(input.rules[0].match, { state: 'TX' }),
      'input.rules.rules[0].match.state',
      /not a known property \(allowed: productLines, customerType, premiumMin, premiumMax\)/,
    ],
    [
      'a rule without match',
      (input) => delete (input.rules[0] as Partial<RuleSetDocument['rules'][0]>).match,
      'input.rules.rules[0].match',
      /is required/,
    ],
    ['a blank rule name', (input) => (input.rules[1].name = '   '), 'input.rules.rules[1].name', /must not be blank/],
    [
      'a null override',
      (input) => Object.assign(input.rules[0], { minTier: null }),
      'input.rules.rules[0].minTier',
      /must be string \(got null\)/,
    ],
    [
      'linesOfAuthority on the defaults',
      (input) => Object.assign(input.defaults, { linesOfAuthority: ['LIFE'] }),
      'input.rules.defaults.linesOfAuthority',
      /not a known property/,
    ],
    [
      'a repeated line of authority',
      (input) => (input.rules[1].linesOfAuthority = [LineOfAuthority.LIFE, LineOfAuthority.LIFE]),
      'input.rules.rules[1].linesOfAuthority[1]',
      /repeats "LIFE"/,
    ],
    [
      'a repeated product line',
      (input) => (input.rules[1].match.productLines = [ProductLine.BOP, ProductLine.BOP]),
      'input.rules.rules[1].match.productLines[1]',
      /repeats "BOP"/,
    ],
    [
      'a negative premium bound',
      (input) => (input.rules[0].match.premiumMin = -1),
      'input.rules.rules[0].match.premiumMin',
      /must be >= 0/,
    ],
    [
      'a timeout under 10 seconds',
      (input) => (input.defaults.offerTimeoutSeconds = 5),
      'input.rules.defaults.offerTimeoutSeconds',
      /must be >= 10/,
    ],
    [
      'a timeout over a day',
      (input) => (input.rules[0].offerTimeoutSeconds = 86_401),
      'input.rules.rules[0].offerTimeoutSeconds',
      /must be <= 86400/,
    ],
    [
      'rotationTolerance of 1',
      (input) => (input.defaults.rotationTolerance = 1),
      'input.rules.defaults.rotationTolerance',
      /must be < 1/,
    ],
    [
      'a band min above 1',
      (input) => (input.defaults.propensityBands[0].min = 1.2),
      'input.rules.defaults.propensityBands[0].min',
      /must be <= 1/,
    ],
    [
      'a band without a label',
      (input) => delete (input.defaults.propensityBands[2] as Partial<{ label: string }>).label,
      'input.rules.defaults.propensityBands[2].label',
      /is required/,
    ],
    [
      'bands out of order',
      (input) => (input.defaults.propensityBands[1].min = 0.3),
      'input.rules.defaults.propensityBands[1].min',
      /lower than the previous band's min \(0.25\)/,
    ],
    [
      'a repeated band label',
      (input) => (input.defaults.propensityBands[2].label = 'high'),
      'input.rules.defaults.propensityBands[2].label',
      /repeats "high"/,
    ],
    [
      'a repeated fallback role in a rule',
      (input) => (input.rules[0].fallback = [TerritoryRole.OVERFLOW, TerritoryRole.OVERFLOW]),
      'input.rules.rules[0].fallback[1]',
      /repeats "OVERFLOW"/,
    ],
    [
      'a premium bound that parsed to Infinity (1e400 in JSON)',
      (input) => (input.rules[0].match.premiumMin = JSON.parse('1e400') as number),
      'input.rules.rules[0].match.premiumMin',
      /^input\.rules\.rules\[0\]\.match\.premiumMin: must be a finite number$/,
    ],
    [
      'an offer timeout that parsed to -Infinity',
      (input) => (input.rules[0].offerTimeoutSeconds = -Infinity),
      'input.rules.rules[0].offerTimeoutSeconds',
      /: must be a finite integer$/,
    ],
    [
      'rules that are not a list',
      (input) => Object.assign(input, { rules: {} }),
      'input.rules.rules',
      /must be array \(got object\)/,
    ],
  ])('rejects %s', (_case, change, field, message) => {
    const input = copy();
    change(input);
    const problem = refusalOf(input);
    expect(problem.field).toBe(field);
    expect(problem.message).toMatch(message);
  });

  it('rejects a document too large to store, counting bytes rather than characters', () => {
    const input = copy();
    input.rules = Array.from({ length: 30 }, (_, index) => ({
      name: `rule-${index}`,
      // Disjoint bands, so that every rule can apply.
      match: { premiumMin: index * 100, premiumMax: (index + 1) * 100 },
      propensityBands: Array.from({ length: 20 }, (__, band) => ({
        label: `${band}${'é'.repeat(48)}`,
        min: 1 - band / 20,
      })),
    }));
    expect(JSON.stringify(input).length).toBeLessThan(MAX_RULE_SET_BYTES);
    expect(Buffer.byteLength(JSON.stringify(input))).toBeGreaterThan(MAX_RULE_SET_BYTES);
    expect(refusalOf(input)).toEqual({
      field: 'input.rules',
      message: `input.rules: is larger than ${MAX_RULE_SET_BYTES} bytes of JSON`,
    });
  });
});
