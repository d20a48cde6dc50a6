import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { JSONScalar } from '../../../lib/domain/scalars';

/**
 * One published version of the routing rules. Resolvers return RuleSetEntity
 * rows; `active` is resolved against the request's active-version memo.
 */
@Directive('@key(fields: "id")')
@ObjectType('RuleSet')
export class RuleSet {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Grows by one with each publish; decisions record the version they used.' })
  version!: number;

  @Field(() => Boolean, { description: 'The version routing uses now: the highest one.' })
  active!: boolean;

  @Field(() => JSONScalar, {
    description:
      'The rule set document: { defaults: {...}, rules: [{ name, match: { productLines, customerType, premiumMin, premiumMax }, ...overrides }] }.',
  })
  rules!: unknown;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who published it (`system` for the seeded default).' })
  publishedBy!: string | null;
}
