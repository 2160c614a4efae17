/** TypeScript source of libs/client/src/generated/schema-types.ts for a schema's SDL. */
export function generate(sdl: string): string;
export const outFile: string;
