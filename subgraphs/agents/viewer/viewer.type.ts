import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../../../lib/auth';

@ObjectType('Viewer', { description: 'Who the bearer token says is calling: what a portal shows as "signed in as".' })
export class Viewer {
  @Field(() => String)
  sub!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => ID, { nullable: true, description: 'Set for AGENT tokens.' })
  agentId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Set for PARTNER tokens.' })
  partnerId!: string | null;
}
