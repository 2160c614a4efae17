import { InitialSchema1732300000000 } from './1732300000000-initial-schema';
import { SweepConstraints1764600000000 } from './1764600000000-sweep-constraints';

/** Every migration, oldest first. Hand-written and reversible; `synchronize` is never used. */
export const MIGRATIONS = [InitialSchema1732300000000, SweepConstraints1764600000000];
