import type { DataSource, EntityManager } from 'typeorm';
import { isStaff, requireRole, requireStaff, requireStaffOrAgent, Role, type Viewer } from '../../../lib/auth';
import { isUniqueViolation } from '../../../lib/db/data-source';
import { AgentStatus, ProductLine } from '../../../lib/domain/enums';
import { isId, newId } from '../../../lib/domain/ids';
import { ForbiddenError } from '../../../lib/errors';
import { pageFrom } from '../../../lib/pagination';
import { AgentLicenseEntity } from '../license/license.entity';
import type { LicenseInput } from '../license/license.inputs';
import { currentRoutingLicenses, routingLicensesOf } from '../license/routing-licenses';
import { AgentEntity } from './agent.entity';
import { AgentEmailTakenError, AgentNotFoundError } from './agent.errors';
import { recordEligibilityChanged } from '../../../lib/events/agent-eligibility';
import { recordCapacityLimitsChanged, recordEligibilityFactsChanged } from './agent.events';
import type { CreateAgentInput, UpdateAgentInput } from './agent.inputs';
import { Agent } from './agent.type';
import { agentLocalDate } from './capacity';
import {
  validateCreateAgentInput,
  validateLicenseInput,
  validateUpdateAgentInput,
  validEnum,
} from './agent.validation';

export interface AgentListFilter {
  status?: AgentStatus | null;
  first?: number | null;
  after?: string | null;
}

/**
 * Agent business rules, usable with or without GraphQL (the demo seeder calls
 * `create` directly). Every method takes the acting viewer first and enforces
 * who may do what itself, so no caller can skip the rules; every input is
 * validated in full before anything is written.
 */
export class AgentService {
  constructor(private readonly dataSource: DataSource) {}

  /** Staff read any agent, an agent only itself; null when no such agent exists. */
  async get(viewer: Viewer, id: string): Promise<Agent | null> {
    requireReader(viewer, id);
    if (!isId(id)) return null;
    const agent = await this.dataSource.getRepository(AgentEntity).findOneBy({ id });
    return agent ? Agent.fromEntity(agent) : null;
  }

  /** Agents in id (creation) order; an agent sees only itself. */
  async list(viewer: Viewer, filter: AgentListFilter = {}): Promise<Agent[]> {
    if (!isStaff(viewer) && viewer.role !== Role.AGENT) throw new ForbiddenError('Partners may not read agents');
    const page = pageFrom(filter.first, filter.after);
    const query = this.dataSource
      .getRepository(AgentEntity)
      .createQueryBuilder('agent')
      .orderBy('agent.id', 'ASC')
      .limit(page.limit);
    if (filter.status != null) {
      query.andWhere('agent.status = :status', { status: validEnum(AgentStatus, filter.status, 'status') });
    }
    if (page.afterId) query.andWhere('agent.id > :afterId', { afterId: page.afterId });
    if (!isStaff(viewer)) query.andWhere('agent.id = :self', { self: viewer.agentId });
    return (await query.getMany()).map((agent) => Agent.fromEntity(agent));
  }

  /** ADMIN only. CONFLICT when another agent has the email. */
  async create(viewer: Viewer, input: CreateAgentInput): Promise<Agent> {
    requireRole(viewer, Role.ADMIN);
    const draft = validateCreateAgentInput(input);
    const now = new Date();
    const agent: AgentEntity = Object.assign(new AgentEntity(), {
      id: newId(now.getTime()),
      name: draft.name,
      email: draft.email,
      tier: draft.tier,
      status: draft.status,
      timezone: draft.timezone,
      maxOpen: draft.maxOpen,
      dailyCap: draft.dailyCap,
      openCount: 0,
      assignedToday: 0,
      assignedDay: null,
      appointments: draft.appointments,
      certifications: draft.certifications,
      workingHours: draft.workingHours,
      routingLicenses: routingLicensesOf(draft.licenses),
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.dataSource.transaction(async (em) => {
        if (await em.existsBy(AgentEntity, { email: draft.email })) throw new AgentEmailTakenError(draft.email);
        await em.insert(AgentEntity, agent);
        if (draft.licenses.length > 0) {
          await em.insert(
            AgentLicenseEntity,
            draft.licenses.map((license) => ({ id: newId(now.getTime()), agentId: agent.id, ...license })),
          );
        }
        if (agent.status === AgentStatus.ONLINE) await recordEligibilityChanged(em, agent.id, 'ONLINE', now);
      });
    } catch (error) {
      // Two creates with one email racing past the existence check: the unique index decides.
      if (isUniqueViolation(error)) throw new AgentEmailTakenError(draft.email);
      throw error;
    }
    return Agent.fromEntity(agent, now);
  }

  /**
   * ADMIN or MANAGER; only the fields present change, and a list given replaces the agent's. A new max open or daily
   * cap is published as CapacityChanged; a higher tier, another time zone, other working hours or a carrier gained as
   * AgentEligibilityChanged.
   */
  async update(viewer: Viewer, id: string, input: UpdateAgentInput): Promise<Agent> {
    requireStaff(viewer);
    const changes = validateUpdateAgentInput(input);
    return this.dataSource.transaction(async (em) => {
      const agent = await lockAgent(em, id);
      if (Object.keys(changes).length === 0) return Agent.fromEntity(agent);
      const before = {
        maxOpen: agent.maxOpen,
        dailyCap: agent.dailyCap,
        tier: agent.tier,
        timezone: agent.timezone,
        workingHours: agent.workingHours,
        appointments: agent.appointments,
      };
      const updatedAt = new Date();
      const dayCarriedOver = changes.timezone ? carryOverWorkingDay(agent, changes.timezone, updatedAt) : {};
      await em.update(AgentEntity, { id }, { ...changes, ...dayCarriedOver, updatedAt });
      Object.assign(agent, changes, dayCarriedOver, { updatedAt });
      await recordCapacityLimitsChanged(em, id, before, agent, updatedAt);
      await recordEligibilityFactsChanged(em, id, before, agent, updatedAt);
      return Agent.fromEntity(agent, updatedAt);
    });
  }

  /**
   * ADMIN or MANAGER. A license the agent already holds (same state and line) is renewed: its expiry is replaced.
   * Either way the agent may now qualify for leads it did not (AgentEligibilityChanged).
   */
  async addLicense(viewer: Viewer, agentId: string, input: LicenseInput): Promise<Agent> {
    requireStaff(viewer);
    const license = validateLicenseInput(input, 'input');
    return this.dataSource.transaction(async (em) => {
      const agent = await lockAgent(em, agentId);
      const held = await em.findOneBy(AgentLicenseEntity, { agentId, state: license.state, line: license.line });
      if (held) {
        await em.update(AgentLicenseEntity, { id: held.id }, { expiresOn: license.expiresOn });
      } else {
        await em.insert(AgentLicenseEntity, { id: newId(), agentId, ...license });
      }
      const updated = await touch(em, agent, { routingLicenses: await currentRoutingLicenses(em, agentId) });
      await recordEligibilityChanged(em, agentId, 'LICENSE', agent.updatedAt);
      return updated;
    });
  }

  /** ADMIN or MANAGER; adding a certification the agent has changes nothing (and publishes nothing). */
  async addCertification(viewer: Viewer, agentId: string, productLine: ProductLine): Promise<Agent> {
    requireStaff(viewer);
    const line = validEnum(ProductLine, productLine, 'productLine');
    return this.dataSource.transaction(async (em) => {
      const agent = await lockAgent(em, agentId);
      if (agent.certifications.includes(line)) return Agent.fromEntity(agent);
      const updated = await touch(em, agent, { certifications: [...agent.certifications, line] });
      await recordEligibilityChanged(em, agentId, 'CERTIFICATION', agent.updatedAt);
      return updated;
    });
  }

  /** ADMIN, MANAGER, or the agent itself (going ONLINE, AWAY or OFFLINE). Coming ONLINE is published. */
  async setStatus(viewer: Viewer, agentId: string, status: AgentStatus): Promise<Agent> {
    requireStaffOrAgent(viewer, agentId);
    const next = validEnum(AgentStatus, status, 'status');
    return this.dataSource.transaction(async (em) => {
      const agent = await lockAgent(em, agentId);
      const comesOnline = next === AgentStatus.ONLINE && agent.status !== AgentStatus.ONLINE;
      const updated = await touch(em, agent, { status: next });
      if (comesOnline) await recordEligibilityChanged(em, agentId, 'ONLINE', agent.updatedAt);
      return updated;
    });
  }
}

function requireReader(viewer: Viewer, agentId: string): void {
  if (isStaff(viewer)) return;
  if (viewer.role === Role.AGENT && viewer.agentId === agentId) return;
  throw new ForbiddenError(
    viewer.role === Role.AGENT ? 'An agent may read only its own record' : 'Partners may not read agents',
  );
}

/**
 * The agent row, locked for the rest of the transaction on MySQL so that
 * read-modify-writes of its JSON columns do not lose a concurrent change.
 * SQLite has no row locks and needs none: it allows one writer at a time.
 */
async function lockAgent(em: EntityManager, id: string): Promise<AgentEntity> {
  if (!isId(id)) throw new AgentNotFoundError(id);
  const isMysql = em.connection.driver.options.type === 'mysql';
  const agent = await em.findOne(AgentEntity, {
    where: { id },
    ...(isMysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!agent) throw new AgentNotFoundError(id);
  return agent;
}

/** Writes `changes` (if any) with a new updatedAt and returns the agent as it now is (`agent` updated in place). */
async function touch(
  em: EntityManager,
  agent: AgentEntity,
  changes: Partial<Pick<AgentEntity, 'status' | 'certifications' | 'routingLicenses'>> = {},
): Promise<Agent> {
  const updatedAt = new Date();
  await em.update(AgentEntity, { id: agent.id }, { ...changes, updatedAt });
  return Agent.fromEntity(Object.assign(agent, changes, { updatedAt }));
}

/**
 * The daily count belongs to an agent-local date. Moved to another zone, an
 * agent at its cap at 22:00 Pacific would be on tomorrow's date in New York
 * and start a fresh cap within the same working day; so the assignments of
 * the day it is on now move to the date it is on in the new zone. A count of
 * an earlier day is dropped: the new zone may still be on that date, and
 * would read it as today's.
 */
function carryOverWorkingDay(
  agent: Pick<AgentEntity, 'timezone' | 'assignedDay'>,
  timezone: string,
  now: Date,
): Pick<AgentEntity, 'assignedDay'> | Record<string, never> {
  if (agent.assignedDay === null) return {};
  if (agent.assignedDay !== agentLocalDate(agent.timezone, now)) return { assignedDay: null };
  return { assignedDay: agentLocalDate(timezone, now) };
}
