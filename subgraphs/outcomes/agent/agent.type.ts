import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The agents subgraph owns Agent; this subgraph contributes `performance` (see
 * AgentPerformanceResolver). A reference resolves to its representation `{ id }`, with no SQL.
 */
@Directive('@key(fields: "id")')
@ObjectType('Agent')
export class AgentReference {
  @Field(() => ID)
  id!: string;
}
