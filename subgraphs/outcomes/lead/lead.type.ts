import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The leads subgraph owns Lead; this subgraph contributes `outcomes` (see
 * LeadOutcomesResolver). A reference resolves to its representation `{ id }`,
 * with no SQL: whoever reached the lead already checked it exists and may be seen.
 */
@Directive('@key(fields: "id")')
@ObjectType('Lead')
export class LeadReference {
  @Field(() => ID)
  id!: string;
}
