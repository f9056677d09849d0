import type { AppDeps } from '../deps';

/** What authoring needs of the app: storage, time, pushes, the grading pool, the save limiter. */
export type AuthoringDeps = Pick<AppDeps, 'db' | 'clock' | 'publisher' | 'sandbox' | 'saveLimiter' | 'checksLimiter' | 'toolsLimiter' | 'logger'>;
