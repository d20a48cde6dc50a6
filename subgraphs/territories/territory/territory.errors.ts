import { ConflictError, NotFoundError } from '../../../lib/errors';

export class TerritoryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Territory', id);
  }
}

export class TerritoryNameTakenError extends ConflictError {
  constructor(name: string) {
    super(`A territory named "${name}" already exists`);
  }
}
