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

  @Field(() => Float, { description: 'Relative share of the territory\'s leads among members of the same role.' })
  weight!: number;
}
