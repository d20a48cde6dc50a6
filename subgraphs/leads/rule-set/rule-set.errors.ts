import { ConflictError } from '../../../lib/errors';

/** Every attempt lost the race for the next version to other publishers; publishing again will succeed. */
export class RuleSetPublishContendedError extends ConflictError {
  constructor(attempts: number) {
    super(`Other rule sets were published at the same moment ${attempts} times in a row; publish again`);
  }
}
