import { BadUserInputError } from './errors';
import { isId } from './domain/ids';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface Page {
  limit: number;
  /** Rows come after this id; ids are UUIDv7, so id order is creation order. */
  afterId: string | undefined;
}

/** Validates the contract's `first` / `after` arguments; `after` is the last id of the previous page. */
export function pageFrom(first: number | null | undefined, after: string | null | undefined): Page {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new BadUserInputError('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  if (after != null && !isId(after)) throw new BadUserInputError('after', 'must be an id from a previous page');
  return { limit, afterId: after ?? undefined };
}
