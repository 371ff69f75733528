export function templateDir(root?: string): string;
