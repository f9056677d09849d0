import type { Knex } from 'knex';

/**
 * A method change answers 202 and recomputes in the background (issue 18): waits for the job
 * (started in the test server's process) to finish, and answers its final status.
 */
export async function masteryJobDone(db: Knex, jobId: string, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await db('mastery_jobs').where({ id: jobId }).first<{ status: string }>('status');
    if (row && row.status !== 'pending' && row.status !== 'running') return row.status;
    if (Date.now() > until) throw new Error(`mastery job ${jobId} still ${row?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
