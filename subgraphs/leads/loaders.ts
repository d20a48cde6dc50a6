import type DataLoader from 'dataloader';
import { rowLoader } from '../../lib/loaders';
import type { LeadEntity } from './lead/lead.entity';
import { LeadNotFoundError } from './lead/lead.errors';
import type { LeadService } from './lead/lead.service';

export interface LeadsLoaders {
  /** One batched `IN (…)` query per tick; a missing id yields LeadNotFoundError. */
  leadById: DataLoader<string, LeadEntity>;
}

export function createLoaders(leads: LeadService): LeadsLoaders {
  return {
    leadById: rowLoader(
      (ids) => leads.findByIds(ids),
      (lead) => lead.id,
      (id) => new LeadNotFoundError(id),
    ),
  };
}

/** The lead, or null when no lead has this id. */
export async function loadLeadOrNull(loaders: LeadsLoaders, id: string): Promise<LeadEntity | null> {
  try {
    return await loaders.leadById.load(id);
  } catch (error) {
    if (error instanceof LeadNotFoundError) return null;
    throw error;
  }
}
