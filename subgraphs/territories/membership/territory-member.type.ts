import { Field, Float, ObjectType } from 'type-graphql';
import { TerritoryRole } from '../../../lib/domain/enums';
import { AgentReference } from '../agent/agent-reference.type';

@ObjectType('TerritoryMember')
export class TerritoryMember {
  /** An `{ id }` stub: the gateway fetches every other Agent field from the agents subgraph. */
  @Field(() => AgentReference)
  agent!: AgentReference;

  @Field(() => TerritoryRole)
  role!: TerritoryRole;

  @Field(() => Float, { description: 'Weight relative to the other members of the territory; above 0.' })
  weight!: number;
}
