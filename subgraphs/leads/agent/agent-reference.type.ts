import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The agents subgraph owns Agent; this subgraph contributes `Agent.assignments`
 * and refers to agents from assignments, decisions and candidates. A reference
 * resolves to its representation `{ id }`, with no SQL.
 */
@Directive('@key(fields: "id")')
@ObjectType('Agent')
export class AgentReference {
  @Field(() => ID)
  id!: string;
}

export const agentReference = (id: string): AgentReference => Object.assign(new AgentReference(), { id });
