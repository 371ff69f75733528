export const PG_MIGRATIONS: string;
export const MIGRATIONS_TABLE: string;
export const RAW_ONLY: string[];
export function pgMigrations(dir?: string): { name: string; sql: string; checksum: string }[];
export function migratePostgres(url: string, options?: { dir?: string }): Promise<string[]>;
