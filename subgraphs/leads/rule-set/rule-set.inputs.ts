import { Field, InputType } from 'type-graphql';
import { JSONScalar } from '../../../lib/domain/scalars';

@InputType('RuleSetInput')
export class RuleSetInput {
  @Field(() => JSONScalar, {
    description: 'A rule set document; validated against the rule set JSON Schema (errors name the path).',
  })
  rules!: unknown;
}
