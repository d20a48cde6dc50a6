import type { ValueTransformer } from 'typeorm';

/**
 * DECIMAL money columns: mysql2 returns them as strings to keep precision;
 * premiums fit a double exactly to the cent, so they are numbers in the API.
 */
export const decimalToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/** Portable DATETIME with millisecond precision (MySQL DATETIME(3), SQLite text). */
export const DATETIME = { type: 'datetime', precision: 3 } as const;

/** UUIDv7 ids: varchar(36) in entities, because TypeORM's better-sqlite3 driver rejects `char`. */
export const ID_COLUMN = { type: 'varchar', length: 36 } as const;
