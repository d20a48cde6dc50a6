import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The leads subgraph owns Lead; this subgraph contributes `outcomes` (see
 * LeadOutcomesResolver). A reference resolves to its representation `{ id }`,
 * with no SQL: `outcomes` checks whether the viewer may see the lead (lead-visibility.ts).
 */
@Directive('@key(fields: "id")')
@ObjectType('Lead')
export class LeadReference {
  @Field(() => ID)
  id!: string;
}
