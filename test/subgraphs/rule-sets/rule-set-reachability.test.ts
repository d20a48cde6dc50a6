import { CustomerType, ProductLine } from '../../../lib/domain/enums';
import { DEFAULT_RULE_SET } from '../../../subgraphs/leads/rule-set/default-rule-set';
import type { RuleMatch, RuleSetDocument } from '../../../subgraphs/leads/rule-set/rule-set.document';
import { validateRuleSetDocument } from '../../../subgraphs/leads/rule-set/rule-set.schema';
import { refusalOf } from './refusal';

/** The first matching rule wins, so a rule that no lead can reach is refused rather than silently ignored. */

const { PERSONAL, COMMERCIAL } = CustomerType;
const { HOMEOWNERS, LIFE, BOP, COMMERCIAL_GL, COMMERCIAL_PROPERTY, COMMERCIAL_AUTO, WORKERS_COMP } = ProductLine;
const ALL_COMMERCIAL = [COMMERCIAL_GL, COMMERCIAL_PROPERTY, COMMERCIAL_AUTO, WORKERS_COMP, BOP];

/** A document of rules with these matches, named first, second, … */
const withMatches = (...matches: RuleMatch[]): RuleSetDocument => ({
  defaults: DEFAULT_RULE_SET.defaults,
  rules: matches.map((match, index) => ({ name: ['first', 'second', 'third'][index], match })),
});

describe('rules that can never apply', () => {
  it.each<[string, RuleMatch, RuleMatch]>([
    ['an empty match', {}, { productLines: [LIFE], premiumMin: 100 }],
    ['an empty match, even before another empty one', {}, {}],
    ['the same match', { productLines: [BOP], premiumMin: 10 }, { premiumMin: 10, productLines: [BOP] }],
    ['more product lines', { productLines: [BOP, COMMERCIAL_GL] }, { productLines: [BOP] }],
    ['no customer type', { productLines: [BOP] }, { productLines: [BOP], customerType: COMMERCIAL }],
    ['a wider premium band', { premiumMin: 100, premiumMax: 5000 }, { premiumMin: 200, premiumMax: 4000 }],
    ['no premium bounds', { productLines: [LIFE] }, { productLines: [LIFE], premiumMax: 1000 }],
    // Premiums are never negative and a missing one counts as 0, so premiumMin 0 bounds nothing.
    ['premiumMin 0', { premiumMin: 0 }, { customerType: PERSONAL }],
    // A lead's customer type is its product line's: these are the same leads.
    ['its customer type', { customerType: COMMERCIAL }, { productLines: [BOP, WORKERS_COMP] }],
    ['every product line of its customer type', { productLines: ALL_COMMERCIAL }, { customerType: COMMERCIAL }],
  ])('refuses a rule after one with %s, naming the earlier rule', (_case, earlier, later) => {
    expect(refusalOf(withMatches(earlier, later))).toEqual({
      field: 'input.rules.rules[1].match',
      message:
        'input.rules.rules[1].match: can never apply: rules[0] ("first") comes first and matches every lead this ' +
        'match does, and the first matching rule wins',
    });
  });

  it('names the first earlier rule that covers it, not only the one just before', () => {
    const document = withMatches({ customerType: PERSONAL }, { productLines: [BOP] }, { productLines: [LIFE] });
    expect(refusalOf(document)).toMatchObject({
      field: 'input.rules.rules[2].match',
      message: expect.stringContaining('rules[0] ("first")'),
    });
  });

  it.each<[string, RuleMatch, RuleMatch]>([
    ['a narrower premium band', { premiumMin: 100, premiumMax: 5000 }, { premiumMin: 50, premiumMax: 4000 }],
    ['an upper bound', { premiumMax: 1000 }, { premiumMin: 500 }],
    ['fewer product lines', { productLines: [BOP] }, { productLines: [BOP, COMMERCIAL_GL] }],
    ['a customer type', { customerType: PERSONAL }, {}],
    [
      'all but one product line of the customer type',
      { productLines: ALL_COMMERCIAL.slice(1) },
      { customerType: COMMERCIAL },
    ],
    // Together the first two cover the third, but each alone does not: keep it simple and exact, pair by pair.
    ['two rules that only together cover it', { premiumMax: 1000 }, { premiumMin: 1000 }],
  ])('accepts a rule after one with %s', (_case, earlier, later) => {
    const document = withMatches(earlier, later);
    expect(validateRuleSetDocument(document)).toEqual(document);
  });

  it('accepts the seeded default, whose rules overlap without covering each other', () => {
    expect(validateRuleSetDocument(DEFAULT_RULE_SET)).toEqual(DEFAULT_RULE_SET);
  });
});

describe('rules that match no lead', () => {
  it('refuses product lines that are all of the other customer type, naming the match', () => {
    expect(refusalOf(withMatches({ customerType: COMMERCIAL, productLines: [HOMEOWNERS, LIFE] }))).toEqual({
      field: 'input.rules.rules[0].match',
      message: 'input.rules.rules[0].match: matches no lead: none of its productLines is a COMMERCIAL product line',
    });
  });

  it('accepts product lines of which only some are of the customer type', () => {
    const document = withMatches({ customerType: PERSONAL, productLines: [HOMEOWNERS, BOP] });
    expect(validateRuleSetDocument(document)).toEqual(document);
  });

  it.each<[string, RuleMatch, string]>([
    ['premiumMax 0', { premiumMax: 0 }, 'the lowest premium (0)'],
    ['premiumMax 0 with premiumMin 0', { premiumMin: 0, premiumMax: 0 }, 'premiumMin (0)'],
    ['premiumMin equal to premiumMax', { premiumMin: 500, premiumMax: 500 }, 'premiumMin (500)'],
    ['premiumMin above premiumMax', { premiumMin: 900, premiumMax: 500 }, 'premiumMin (900)'],
  ])('refuses an empty premium band: %s', (_case, match, lowest) => {
    expect(refusalOf(withMatches({ productLines: [LIFE] }, match))).toEqual({
      field: 'input.rules.rules[1].match.premiumMax',
      message:
        `input.rules.rules[1].match.premiumMax: must be greater than ${lowest}: the band is ` +
        '[premiumMin, premiumMax), so this rule matches no lead',
    });
  });

  it('accepts the narrowest band that holds a premium of 0 or a missing one', () => {
    const document = withMatches({ premiumMax: 0.01 });
    expect(validateRuleSetDocument(document)).toEqual(document);
  });
});
