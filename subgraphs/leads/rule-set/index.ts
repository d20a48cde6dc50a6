/** Versioned routing rules: what the leads module wires and what routing reads. */
export { DEFAULT_RULE_SET } from './default-rule-set';
export { effectiveRuleFor, type EffectiveRule, type RoutableLead, type RuleSetDocument } from './rule-set.document';
export { RuleSetEntity } from './rule-set.entity';
export { RuleSetPublishContendedError } from './rule-set.errors';
export { RuleSetInput } from './rule-set.inputs';
export { createRuleSetLoaders, loadRuleSetOrNull, RuleSetNotFoundError, type RuleSetLoaders } from './rule-set.loaders';
export { RuleSetResolver, ruleSetReferenceResolvers } from './rule-set.resolver';
export { MAX_RULE_SET_BYTES, RULE_SET_JSON_SCHEMA, validateRuleSetDocument } from './rule-set.schema';
export { RuleSetService } from './rule-set.service';
export { RuleSet } from './rule-set.type';
