import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AgentStatus, AgentTier, ProductLine } from '../../../lib/domain/enums';
import { LicenseInput } from '../license/license.inputs';
import { License } from '../license/license.type';
import { forgetAgent, type AgentContext } from '../loaders';
import { CreateAgentInput, UpdateAgentInput } from './agent.inputs';
import { requireAgentDetailReader } from './agent.policy';
import type { AgentService } from './agent.service';
import { Agent, AgentCapacity, WorkingHours } from './agent.type';

/**
 * Thin: hands the viewer and arguments to AgentService, which authorizes,
 * validates and writes. type-graphql prints arguments in reverse parameter
 * order, so they are declared last-first for the SDL to read like the contract.
 */
@Resolver(() => Agent)
export class AgentResolver {
  constructor(private readonly agentService: AgentService) {}

  @Query(() => Agent, { nullable: true })
  agent(@Arg('id', () => ID) id: string, @Ctx() ctx: AgentContext): Promise<Agent | null> {
    return this.agentService.get(ctx.viewer, id);
  }

  @Query(() => [Agent])
  agents(
    @Ctx() ctx: AgentContext,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('status', () => AgentStatus, { nullable: true }) status?: AgentStatus | null,
  ): Promise<Agent[]> {
    return this.agentService.list(ctx.viewer, { status, first, after });
  }

  @Mutation(() => Agent)
  createAgent(@Arg('input', () => CreateAgentInput) input: CreateAgentInput, @Ctx() ctx: AgentContext): Promise<Agent> {
    return this.agentService.create(ctx.viewer, input);
  }

  @Mutation(() => Agent)
  async updateAgent(
    @Ctx() ctx: AgentContext,
    @Arg('input', () => UpdateAgentInput) input: UpdateAgentInput,
    @Arg('id', () => ID) id: string,
  ): Promise<Agent> {
    const agent = await this.agentService.update(ctx.viewer, id, input);
    forgetAgent(ctx.loaders, id);
    return agent;
  }

  @Mutation(() => Agent)
  async addLicense(
    @Ctx() ctx: AgentContext,
    @Arg('input', () => LicenseInput) input: LicenseInput,
    @Arg('agentId', () => ID) agentId: string,
  ): Promise<Agent> {
    const agent = await this.agentService.addLicense(ctx.viewer, agentId, input);
    forgetAgent(ctx.loaders, agentId);
    return agent;
  }

  @Mutation(() => Agent)
  async addCertification(
    @Ctx() ctx: AgentContext,
    @Arg('productLine', () => ProductLine) productLine: ProductLine,
    @Arg('agentId', () => ID) agentId: string,
  ): Promise<Agent> {
    const agent = await this.agentService.addCertification(ctx.viewer, agentId, productLine);
    forgetAgent(ctx.loaders, agentId);
    return agent;
  }

  @Mutation(() => Agent)
  async setAgentStatus(
    @Ctx() ctx: AgentContext,
    @Arg('status', () => AgentStatus) status: AgentStatus,
    @Arg('agentId', () => ID) agentId: string,
  ): Promise<Agent> {
    const agent = await this.agentService.setStatus(ctx.viewer, agentId, status);
    forgetAgent(ctx.loaders, agentId);
    return agent;
  }

  // Every field but `id` and `name` is an agent's detail (agent.policy.ts): checked here, on the field,
  // because references from other subgraphs reach an Agent without any query's check.

  @FieldResolver(() => String)
  email(@Root() agent: Agent, @Ctx() ctx: AgentContext): string {
    requireAgentDetailReader(ctx.viewer, agent.id);
    return agent.email;
  }

  @FieldResolver(() => AgentTier)
  tier(@Root() agent: Agent, @Ctx() ctx: AgentContext): AgentTier {
    requireAgentDetailReader(ctx.viewer, agent.id);
    return agent.tier;
  }

  @FieldResolver(() => AgentStatus)
  status(@Root() agent: Agent, @Ctx() ctx: AgentContext): AgentStatus {
    requireAgentDetailReader(ctx.viewer, agent.id);
    return agent.status;
  }

  @FieldResolver(() => String)
  timezone(@Root() agent: Agent, @Ctx() ctx: AgentContext): string {
    requireAgentDetailReader(ctx.viewer, agent.id);
    return agent.timezone;
  }

  @FieldResolver(() => [String])
  appointments(@Root() agent: Agent, @Ctx() ctx: AgentContext): string[] {
    requireAgentDetailReader(ctx.viewer, agent.id);
    return agent.appointments;
  }

  @FieldResolver(() => [ProductLine])
  certifications(@Root() agent: Agent, @Ctx() ctx: AgentContext): ProductLine[] {
    requireAgentDetailReader(ctx.viewer, agent.id);
    return agent.certifications;
  }

  @FieldResolver(() => AgentCapacity)
  capacity(@Root() agent: Agent, @Ctx() ctx: AgentContext): AgentCapacity {
    requireAgentDetailReader(ctx.viewer, agent.id);
    return agent.capacity;
  }

  @FieldResolver(() => [WorkingHours])
  workingHours(@Root() agent: Agent, @Ctx() ctx: AgentContext): WorkingHours[] {
    requireAgentDetailReader(ctx.viewer, agent.id);
    return agent.workingHours;
  }

  @FieldResolver(() => [License])
  async licenses(@Root() agent: Agent, @Ctx() ctx: AgentContext): Promise<License[]> {
    requireAgentDetailReader(ctx.viewer, agent.id);
    const licenses = await ctx.loaders.licensesByAgentId.load(agent.id);
    return licenses.map(({ state, line, expiresOn }) => Object.assign(new License(), { state, line, expiresOn }));
  }
}

/**
 * `Agent.__resolveReference` for `_entities`: batched through agentById, so
 * resolving any number of references costs one statement (plus one per
 * batched field such as licenses). Any viewer may resolve a reference, which
 * other subgraphs hand out to agents and partners too (territory members,
 * outcomes): the Agent's fields themselves enforce agent.policy.ts.
 */
const resolveAgentReference = async (reference: { id: string }, ctx: AgentContext): Promise<Agent> =>
  Agent.fromEntity(await ctx.loaders.agentById.load(reference.id));

export const agentReferenceResolvers = {
  // Apollo calls it as (reference, context, info), not as a field resolver's (source, args, context, info).
  Agent: { __resolveReference: resolveAgentReference as unknown as (...args: unknown[]) => unknown },
} as GraphQLResolverMap<unknown>;
