export const SOURCE_SCHEMA: string;
export const POSTGRES_SCHEMA: string;
export function postgresSchema(source: string): string;
export function writePostgresSchema(): string;
