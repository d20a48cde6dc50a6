import { CustomerType, LineOfAuthority, ProductLine } from '../../../lib/domain/enums';
import { decide, ExclusionReason } from '../../../subgraphs/leads/routing/engine';
import type { LeadFacts } from '../../../subgraphs/leads/routing/engine/types';
import { DEFAULT_RULE_SET } from '../../../subgraphs/leads/rule-set/default-rule-set';
import { effectiveRuleFor, type RuleSetDocument } from '../../../subgraphs/leads/rule-set/rule-set.document';
import { validateRuleSetDocument } from '../../../subgraphs/leads/rule-set/rule-set.schema';
import { candidate, routingInput } from '../routing-engine/engine-fixtures';
import { refusalOf } from './refusal';

/** Licensing is a hard filter: a rule set may narrow a product line's lines of authority, never widen them. */

const { LIFE, PROPERTY, CASUALTY, PERSONAL_LINES, ACCIDENT_HEALTH } = LineOfAuthority;

const withRules = (rules: RuleSetDocument['rules']): RuleSetDocument => ({
  defaults: DEFAULT_RULE_SET.defaults,
  rules,
});

/** The reviewer's example: "fast home" lines that also catch LIFE, stored before publishing refused it. */
const STORED_WIDENING = withRules([
  {
    name: 'home-fast',
    match: { productLines: [ProductLine.HOMEOWNERS, ProductLine.LIFE] },
    linesOfAuthority: [PROPERTY],
  },
]);

const lifeLead: LeadFacts = {
  id: 'lead-life',
  productLine: ProductLine.LIFE,
  customerType: CustomerType.PERSONAL,
  state: 'TX',
  carrier: null,
  estimatedPremium: 800,
};

describe('a rule set stored with lines of authority that widen licensing', () => {
  it('still requires the product line’s own lines of authority', () => {
    expect(effectiveRuleFor(STORED_WIDENING, lifeLead)).toMatchObject({ name: 'home-fast', linesOfAuthority: [LIFE] });
    // For HOMEOWNERS the rule's PROPERTY is a narrowing, and applies.
    const home = { ...lifeLead, productLine: ProductLine.HOMEOWNERS };
    expect(effectiveRuleFor(STORED_WIDENING, home).linesOfAuthority).toEqual([PROPERTY]);
  });

  it('keeps only the lines the product line accepts when the rule mixes both', () => {
    const mixed = withRules([{ name: 'mixed', match: {}, linesOfAuthority: [LIFE, CASUALTY, PERSONAL_LINES] }]);
    const auto = { ...lifeLead, productLine: ProductLine.PERSONAL_AUTO };
    expect(effectiveRuleFor(mixed, auto).linesOfAuthority).toEqual([CASUALTY, PERSONAL_LINES]);
    const medicare = { ...lifeLead, productLine: ProductLine.MEDICARE };
    expect(effectiveRuleFor(mixed, medicare).linesOfAuthority).toEqual([ACCIDENT_HEALTH]);
  });

  it('does not offer a LIFE lead to an agent licensed only for PROPERTY', () => {
    const propertyOnly = candidate({
      id: 'agent-property',
      licenses: [{ state: 'TX', line: PROPERTY, expiresOn: null }],
    });
    const lifeLicensed = candidate({ id: 'agent-life', licenses: [{ state: 'TX', line: LIFE, expiresOn: null }] });
    const outcome = decide(
      routingInput([propertyOnly, lifeLicensed], {
        lead: lifeLead,
        rule: effectiveRuleFor(STORED_WIDENING, lifeLead),
      }),
    );
    expect(outcome.attempts.map((attempt) => attempt.agentId)).toEqual(['agent-life']);
    expect(outcome.candidates.find((record) => record.agentId === 'agent-property')).toMatchObject({
      eligible: false,
      excludedBy: ExclusionReason.NOT_LICENSED,
    });
  });
});

describe('publishing lines of authority', () => {
  it('refuses a rule keeping none of a matched product line’s lines, naming that product line', () => {
    expect(refusalOf(STORED_WIDENING)).toEqual({
      field: 'input.rules.rules[0].linesOfAuthority',
      message:
        'input.rules.rules[0].linesOfAuthority: keeps none of the lines of authority of LIFE (LIFE), which the rule ' +
        'matches: a rule may only narrow the lines that license each product line it can match',
    });
  });

  it('judges a rule without productLines by every product line of its customer type', () => {
    const commercial = withRules([
      { name: 'commercial', match: { customerType: CustomerType.COMMERCIAL }, linesOfAuthority: [CASUALTY] },
    ]);
    const { field, message } = refusalOf(commercial);
    expect(field).toBe('input.rules.rules[0].linesOfAuthority');
    expect(message).toContain('of COMMERCIAL_PROPERTY (PROPERTY)');
  });

  it('judges a rule without any criteria by every product line', () => {
    const { message } = refusalOf(withRules([{ name: 'all', match: {}, linesOfAuthority: [PERSONAL_LINES] }]));
    expect(message).toMatch(
      /^input\.rules\.rules\[0\]\.linesOfAuthority: keeps none of the lines of authority of LIFE /,
    );
  });

  it('refuses a line that licenses none of the product lines the rule matches, naming it', () => {
    const annuity = withRules([
      {
        name: 'life-annuity',
        match: { productLines: [ProductLine.LIFE] },
        linesOfAuthority: [LIFE, LineOfAuthority.VARIABLE_LIFE_ANNUITY],
      },
    ]);
    expect(refusalOf(annuity)).toEqual({
      field: 'input.rules.rules[0].linesOfAuthority[1]',
      message:
        'input.rules.rules[0].linesOfAuthority[1]: VARIABLE_LIFE_ANNUITY licenses none of the product lines this rule can match',
    });
  });

  it('accepts one list of lines applied to each product line as far as it accepts them', () => {
    // No agent holding only a limited personal-lines license on big policies: auto and umbrella then
    // need CASUALTY, homeowners PROPERTY.
    const bigPersonal = withRules([
      {
        name: 'big-personal-pc',
        match: {
          productLines: [ProductLine.PERSONAL_AUTO, ProductLine.HOMEOWNERS, ProductLine.UMBRELLA],
          premiumMin: 5000,
        },
        linesOfAuthority: [PROPERTY, CASUALTY],
      },
    ]);
    expect(validateRuleSetDocument(bigPersonal)).toEqual(bigPersonal);
    const lead = (productLine: ProductLine): LeadFacts => ({ ...lifeLead, productLine, estimatedPremium: 9000 });
    expect(effectiveRuleFor(bigPersonal, lead(ProductLine.PERSONAL_AUTO)).linesOfAuthority).toEqual([CASUALTY]);
    expect(effectiveRuleFor(bigPersonal, lead(ProductLine.HOMEOWNERS)).linesOfAuthority).toEqual([PROPERTY]);
  });

  it('accepts lines that narrow every product line the rule can match', () => {
    const narrowing = withRules([
      {
        name: 'home-and-renters-property',
        match: { productLines: [ProductLine.HOMEOWNERS, ProductLine.RENTERS] },
        linesOfAuthority: [PROPERTY],
      },
      // BOP cannot match a PERSONAL rule, so PERSONAL_LINES narrows everything this rule can match.
      {
        name: 'personal-lines-only',
        match: { customerType: CustomerType.PERSONAL, productLines: [ProductLine.PERSONAL_AUTO, ProductLine.BOP] },
        linesOfAuthority: [PERSONAL_LINES],
      },
      { name: 'bop-casualty', match: { productLines: [ProductLine.BOP] }, linesOfAuthority: [CASUALTY] },
    ]);
    expect(validateRuleSetDocument(narrowing)).toEqual(narrowing);
  });

  it('accepts the seeded default rule set', () => {
    expect(validateRuleSetDocument(DEFAULT_RULE_SET)).toEqual(DEFAULT_RULE_SET);
  });
});
