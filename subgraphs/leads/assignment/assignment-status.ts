import { registerEnumType } from 'type-graphql';

export enum AssignmentStatus {
  OFFERED = 'OFFERED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  CLOSED = 'CLOSED',
}

registerEnumType(AssignmentStatus, { name: 'AssignmentStatus' });

/** Statuses in which the assignment holds a unit of the agent's capacity. */
export const OPEN_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = [
  AssignmentStatus.OFFERED,
  AssignmentStatus.ACCEPTED,
];
