import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The agents subgraph owns Agent; this subgraph only contributes `Agent.territories`. */
@Directive('@key(fields: "id")')
@ObjectType('Agent')
export class AgentReference {
  @Field(() => ID)
  id!: string;
}
