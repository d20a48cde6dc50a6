import Ajv, { type ErrorObject, type SchemaObject } from 'ajv';
import { AgentTier, CustomerType, LineOfAuthority, ProductLine, TerritoryRole } from '../../../lib/domain/enums';
import { BadUserInputError } from '../../../lib/errors';
import { PRODUCT_LINES } from '../../../lib/domain/product-lines';
import type { Rule, RuleDefaults, RuleMatch, RuleSetDocument, RuleSettings } from './rule-set.document';
import { covers, premiumBandOf, productLinesMatchedBy } from './rule-set.match';

/** The `rule_sets.rules` column is TEXT (64 KiB on MySQL); leave room for multi-byte characters. */
export const MAX_RULE_SET_BYTES = 60_000;

const enumOf = (values: Record<string, string>): SchemaObject => ({ type: 'string', enum: Object.values(values) });

const listOf = (items: SchemaObject, maxItems: number): SchemaObject => ({
  type: 'array',
  minItems: 1,
  maxItems,
  items,
});

// Mapped types make the compiler reject a schema that forgets a field of the TypeScript shape.
const settingsProperties: { [K in keyof RuleSettings]-?: SchemaObject } = {
  linesOfAuthority: {
    ...listOf(enumOf(LineOfAuthority), Object.keys(LineOfAuthority).length),
    description: "Any one of these licenses the agent; absent: the product line's lines of authority.",
  },
  minTier: { ...enumOf(AgentTier), description: 'Lowest agent tier that may take the lead.' },
  requireCertification: {
    type: 'boolean',
    description: "The agent must hold a certification for the lead's product line.",
  },
  requireAppointment: {
    type: 'boolean',
    description: 'When the lead names a carrier, the agent must be appointed with it.',
  },
  maxUtilization: {
    type: 'number',
    exclusiveMinimum: 0,
    maximum: 1,
    description: 'Highest share of max open an agent may reach by taking the lead.',
  },
  offerTimeoutSeconds: {
    type: 'integer',
    minimum: 10,
    maximum: 86_400,
    description: 'How long an offer waits for the agent before it expires and is re-offered.',
  },
  fallback: {
    type: 'array',
    maxItems: 2,
    items: { type: 'string', enum: [TerritoryRole.BACKUP, TerritoryRole.OVERFLOW] },
    description: 'Member roles tried in order when no PRIMARY member is eligible; [] means PRIMARY only.',
  },
  rotationTolerance: {
    type: 'number',
    minimum: 0,
    exclusiveMaximum: 1,
    description: 'Candidates within this share of the best score are picked uniformly at random.',
  },
  propensityBands: {
    ...listOf(
      {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'min'],
        properties: {
          label: { type: 'string', minLength: 1, maxLength: 50 },
          min: { type: 'number', minimum: 0, maximum: 1 },
        },
      },
      20,
    ),
    description: 'Labels for the estimated bind probability, highest `min` first.',
  },
};

const defaultKeys: Array<keyof RuleDefaults> = [
  'minTier',
  'requireCertification',
  'requireAppointment',
  'maxUtilization',
  'offerTimeoutSeconds',
  'fallback',
  'rotationTolerance',
  'propensityBands',
];

const matchProperties: { [K in keyof RuleMatch]-?: SchemaObject } = {
  productLines: listOf(enumOf(ProductLine), Object.keys(ProductLine).length),
  customerType: enumOf(CustomerType),
  premiumMin: { type: 'number', minimum: 0, description: 'Premium band: inclusive lower bound (USD).' },
  premiumMax: { type: 'number', minimum: 0, description: 'Premium band: exclusive upper bound (USD).' },
};

/** JSON Schema (draft-07) of `RuleSet.rules`, i.e. of `RuleSetDocument`. */
export const RULE_SET_JSON_SCHEMA: SchemaObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Leadflow routing rule set',
  type: 'object',
  additionalProperties: false,
  required: ['defaults', 'rules'],
  properties: {
    defaults: {
      type: 'object',
      additionalProperties: false,
      required: defaultKeys,
      properties: Object.fromEntries(defaultKeys.map((key) => [key, settingsProperties[key]])),
      description: 'Apply to every lead; the first matching rule overrides them field by field.',
    },
    rules: {
      type: 'array',
      maxItems: 100,
      description: 'Tried in order; the first whose `match` fits the lead applies.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'match'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
          match: {
            type: 'object',
            additionalProperties: false,
            properties: matchProperties,
            description: 'Every given criterion must hold; {} matches every lead.',
          },
          ...settingsProperties,
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
const validateSchema = ajv.compile<RuleSetDocument>(RULE_SET_JSON_SCHEMA);

/**
 * Validates a rule set document: its shape against RULE_SET_JSON_SCHEMA, then
 * what a schema cannot say (unique rule names, no repeated list items, ordered
 * propensity bands, rules that can apply to some lead, lines of authority that
 * only narrow a product line's licensing). Throws
 * BAD_USER_INPUT naming the JSON path of the first problem under `field`.
 */
export function validateRuleSetDocument(value: unknown, field = 'input.rules'): RuleSetDocument {
  if (!validateSchema(value)) {
    const [first, ...others] = validateSchema.errors ?? [];
    const also = others.slice(0, 4).map((error) => `${pathOfError(value, error, field)} ${describe(error)}`);
    const more = others.length > also.length ? `; and ${others.length - also.length} more` : '';
    const suffix = also.length > 0 ? ` (also: ${also.join('; ')}${more})` : '';
    throw new BadUserInputError(pathOfError(value, first, field), `${describe(first)}${suffix}`);
  }
  const problem = semanticProblem(value);
  if (problem) throw new BadUserInputError(formatPath(field, problem.path), problem.message);
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_RULE_SET_BYTES) {
    throw new BadUserInputError(field, `is larger than ${MAX_RULE_SET_BYTES} bytes of JSON`);
  }
  // A copy, so that later changes to the caller's object cannot alter what was validated.
  return JSON.parse(JSON.stringify(value)) as RuleSetDocument;
}

type PathSegment = string | number;

interface Problem {
  path: PathSegment[];
  message: string;
}

function semanticProblem(document: RuleSetDocument): Problem | null {
  const settings: Array<{ path: PathSegment[]; settings: RuleSettings; productLines: ProductLine[] }> = [
    // The schema keeps linesOfAuthority off the defaults, so they cannot widen licensing.
    { path: ['defaults'], settings: document.defaults, productLines: [] },
    ...document.rules.map((rule, index) => ({
      path: ['rules', index],
      settings: rule,
      productLines: productLinesMatchedBy(rule.match),
    })),
  ];
  const ruleIndexByName = new Map<string, number>();
  for (const [index, rule] of document.rules.entries()) {
    const earlier = ruleIndexByName.get(rule.name);
    if (earlier !== undefined) {
      return { path: ['rules', index, 'name'], message: `duplicates the name "${rule.name}" of rules[${earlier}]` };
    }
    ruleIndexByName.set(rule.name, index);
    const problem = matchProblem(document.rules, index);
    if (problem) return { path: ['rules', index, 'match', ...problem.path], message: problem.message };
  }
  for (const { path, settings: item, productLines } of settings) {
    for (const list of ['fallback', 'linesOfAuthority'] as const) {
      const repeated = repeatedItem(item[list]);
      if (repeated) return { path: [...path, list, repeated.index], message: repeated.message };
    }
    const licensing = licensingProblem(item.linesOfAuthority, productLines);
    if (licensing) return { path: [...path, 'linesOfAuthority', ...licensing.path], message: licensing.message };
    const bands = item.propensityBands ?? [];
    for (let index = 1; index < bands.length; index += 1) {
      if (bands[index].min >= bands[index - 1].min) {
        return {
          path: [...path, 'propensityBands', index, 'min'],
          message: `must be lower than the previous band's min (${bands[index - 1].min}): bands go highest first`,
        };
      }
    }
    const labels = repeatedItem(bands.map((band) => band.label));
    if (labels) return { path: [...path, 'propensityBands', labels.index, 'label'], message: labels.message };
  }
  return null;
}

/**
 * A match that fits no lead, or only leads an earlier rule already takes, can
 * never apply: routing uses the first rule that matches (effectiveRuleFor), so
 * such a rule is dead and almost certainly not what its author meant.
 * The path is relative to the rule's `match`.
 */
function matchProblem(rules: readonly Rule[], index: number): Problem | null {
  const { match } = rules[index];
  const band = premiumBandOf(match);
  if (band.max <= band.min) {
    const lowest = match.premiumMin === undefined ? 'the lowest premium (0)' : `premiumMin (${match.premiumMin})`;
    return {
      path: ['premiumMax'],
      message: `must be greater than ${lowest}: the band is [premiumMin, premiumMax), so this rule matches no lead`,
    };
  }
  const repeated = repeatedItem(match.productLines);
  if (repeated) return { path: ['productLines', repeated.index], message: repeated.message };
  if (productLinesMatchedBy(match).length === 0) {
    return {
      path: [],
      message: `matches no lead: none of its productLines is a ${match.customerType} product line`,
    };
  }
  const covering = rules.slice(0, index).findIndex((earlier) => covers(earlier.match, match));
  if (covering >= 0) {
    return {
      path: [],
      message:
        `can never apply: rules[${covering}] ("${rules[covering].name}") comes first and matches every lead ` +
        'this match does, and the first matching rule wins',
    };
  }
  return null;
}

/**
 * A rule's lines of authority apply to each product line it matches as far as
 * that product line accepts them (effectiveRuleFor): [PROPERTY, CASUALTY] on
 * home and auto leads asks PROPERTY of home, CASUALTY of auto. So a rule can
 * only narrow licensing, and what is refused is a list that cannot mean what
 * its author meant: one keeping none of a matched product line's lines (it
 * would change nothing there, the product line's own lines still apply), or
 * naming a line that licenses none of the matched product lines.
 */
function licensingProblem(
  lines: readonly LineOfAuthority[] | undefined,
  productLines: readonly ProductLine[],
): Problem | null {
  if (!lines) return null;
  for (const productLine of productLines) {
    const own = PRODUCT_LINES[productLine].linesOfAuthority;
    if (!lines.some((line) => own.includes(line))) {
      return {
        path: [],
        message:
          `keeps none of the lines of authority of ${productLine} (${own.join(' or ')}), which the rule matches: ` +
          'a rule may only narrow the lines that license each product line it can match',
      };
    }
  }
  for (const [index, line] of lines.entries()) {
    if (!productLines.some((productLine) => PRODUCT_LINES[productLine].linesOfAuthority.includes(line))) {
      return { path: [index], message: `${line} licenses none of the product lines this rule can match` };
    }
  }
  return null;
}

function repeatedItem(list: readonly string[] | undefined): { index: number; message: string } | null {
  const seen = new Map<string, number>();
  for (const [index, item] of (list ?? []).entries()) {
    const earlier = seen.get(item);
    if (earlier !== undefined) return { index, message: `repeats "${item}" (already at index ${earlier})` };
    seen.set(item, index);
  }
  return null;
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'enum':
      return `${error.message}: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'required':
      return 'is required';
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return `is not a known property (allowed: ${allowed.join(', ')})`;
    }
    case 'pattern':
      return 'must not be blank';
    case 'type':
      // JSON numbers too large for a double (1e400) parse to Infinity, which is a number, just not a usable one.
      if (typeof error.data === 'number' && !Number.isFinite(error.data)) {
        return `must be a finite ${error.params.type === 'integer' ? 'integer' : 'number'}`;
      }
      return `${error.message} (got ${kindOf(error.data)})`;
    default:
      return error.message ?? 'is invalid';
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** The error's location under `field`, down to the offending key for `required` and `additionalProperties`. */
function pathOfError(document: unknown, error: ErrorObject, field: string): string {
  const segments: PathSegment[] = [];
  let current: unknown = document;
  for (const raw of error.instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(current) ? Number(key) : key;
    segments.push(segment);
    current = (current as Record<PathSegment, unknown> | undefined)?.[segment];
  }
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  return formatPath(field, segments);
}

/** `input.rules` + ['rules', 1, 'match'] → `input.rules.rules[1].match`; odd keys are quoted: `x["a b"]`. */
export function formatPath(field: string, segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return /^[A-Za-z_$][\w$]*$/.test(segment) ? `${path}.${segment}` : `${path}[${JSON.stringify(segment)}]`;
  }, field);
}
