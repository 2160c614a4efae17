import { InitialSchema1732300000000 } from './1732300000000-initial-schema';
import { RateLimit1764600000000 } from './1764600000000-rate-limit';

/** Every migration, oldest first. Hand-written and reversible; `synchronize` is never used. */
export const MIGRATIONS = [InitialSchema1732300000000, RateLimit1764600000000];
