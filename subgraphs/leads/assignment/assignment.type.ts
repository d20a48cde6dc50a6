import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { AssignmentStatus } from './assignment-status';

/**
 * An offer of one lead to one agent. Resolvers return AssignmentEntity rows;
 * `lead`, `agent` and `decision` are field resolvers (AssignmentResolver).
 */
@Directive('@key(fields: "id")')
@ObjectType('Assignment')
export class Assignment {
  @Field(() => ID)
  id!: string;

  @Field(() => AssignmentStatus, {
    description: 'OFFERED → ACCEPTED | DECLINED | EXPIRED; ACCEPTED → CLOSED when an outcome ends it.',
  })
  status!: AssignmentStatus;

  @Field(() => Date)
  offeredAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When an unanswered offer lapses (the rule set’s offer timeout).' })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the agent accepted or declined, or the offer expired.' })
  respondedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When an outcome (BOUND or LOST) closed the assignment.' })
  closedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The reason the agent gave when declining.' })
  declineReason!: string | null;
}
