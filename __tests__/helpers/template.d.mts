export function templateDir(root?: string): string;
export function testPgUrl(database?: string): string;
export function pgTemplateName(root?: string): string;
export function pgAdmin(sql: string): Promise<void>;
