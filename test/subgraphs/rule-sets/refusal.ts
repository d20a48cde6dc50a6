import { BadUserInputError } from '../../../lib/errors';
import { validateRuleSetDocument } from '../../../subgraphs/leads/rule-set/rule-set.schema';

/** Why validateRuleSetDocument refuses `value`: the field and message a publisher would see. */
export function refusalOf(value: unknown, field?: string): { field: string; message: string } {
  try {
    validateRuleSetDocument(value, field);
  } catch (error) {
    if (error instanceof BadUserInputError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected the document to be refused');
}
