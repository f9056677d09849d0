import { z } from 'zod';

/** GET /api/health: what a load balancer or monitor reads (503 with the same body when a part is down). */
export const HealthView = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.object({ dialect: z.string(), ok: z.boolean() }),
  /** `off` on one machine (no REDIS_URL). */
  redis: z.enum(['ok', 'down', 'off']),
  /** Grading jobs by state; null when grading runs in this process. */
  queue: z.object({ waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number() }).nullable(),
});

export type HealthViewT = z.infer<typeof HealthView>;
