import { perZoneMinute } from '../../../lib/domain/time-zones';
import type { AgentEntity } from './agent.entity';

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) at `at` in the IANA zone `timezone`: the day an agent's daily cap counts for. */
export function agentLocalDate(timezone: string, at: Date = new Date()): string {
  return localDate(timezone, at);
}

const localDate = perZoneMinute((timezone, at) => {
  let formatter = dateFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormatters.set(timezone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
});

export interface CapacityView {
  agentId: string;
  maxOpen: number;
  dailyCap: number;
  open: number;
  assignedToday: number;
  remaining: number;
}

type CapacityFields = Pick<
  AgentEntity,
  'id' | 'maxOpen' | 'dailyCap' | 'openCount' | 'assignedToday' | 'assignedDay' | 'timezone'
>;

/**
 * What an agent can still take now. The daily counter belongs to `assignedDay`;
 * on any other agent-local day nothing has been assigned yet.
 */
export function capacityOf(agent: CapacityFields, now: Date = new Date()): CapacityView {
  const assignedToday = agent.assignedDay === agentLocalDate(agent.timezone, now) ? agent.assignedToday : 0;
  return {
    agentId: agent.id,
    maxOpen: agent.maxOpen,
    dailyCap: agent.dailyCap,
    open: agent.openCount,
    assignedToday,
    remaining: Math.max(0, Math.min(agent.maxOpen - agent.openCount, agent.dailyCap - assignedToday)),
  };
}
