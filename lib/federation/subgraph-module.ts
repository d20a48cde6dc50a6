import type { GraphQLSchema } from 'graphql';
import type { DataSource, MixedList } from 'typeorm';
import type { Config, SubgraphName } from '../config';
import type { EventBus } from '../events/event-bus';

/** A loop a subgraph runs beside its server (e.g. offer expiry); driven from the database, so any instance may run it. */
export interface BackgroundWorker {
  start(): void;
  /** Resolves once the current iteration has finished. */
  stop(): Promise<void>;
}

export interface BuiltSubgraph<Loaders> {
  schema: GraphQLSchema;
  /** Called once per request (and per subscription event): the `createLoaders(ctx)` factory. */
  createLoaders: () => Loaders;
  workers?: BackgroundWorker[];
}

/** What the process gives every subgraph it runs. */
export interface SubgraphRuntime {
  /** Committed events: the outbox relay publishes to it, subscriptions listen (one per process). */
  events: EventBus;
}

/**
 * What a subgraph folder exports from its `index.ts`: enough for its own
 * `main.ts`, for the all-in-one `npm start`, for supergraph composition and for tests.
 */
export interface SubgraphModule<Loaders = unknown> {
  name: SubgraphName;
  /** Every entity the subgraph reads or writes (its own tables and any it borrows). */
  entities: MixedList<Function>;
  /** Migrations for the tables it owns, run with its own migrations table. */
  migrations: MixedList<Function>;
  build(dataSource: DataSource, config: Config, runtime: SubgraphRuntime): Promise<BuiltSubgraph<Loaders>>;
}
