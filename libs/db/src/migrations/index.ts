import { InitialSchema1732300000000 } from './1732300000000-initial-schema';

/** Every migration, oldest first. Hand-written and reversible; `synchronize` is never used. */
export const MIGRATIONS = [InitialSchema1732300000000];
