import { NotFoundError } from '../../../lib/errors';

export class DecisionNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('RoutingDecision', id);
  }
}
