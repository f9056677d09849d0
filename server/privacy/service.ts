import type { Knex } from 'knex';
import { recordAudit, recordAuditForOrgs } from '../audit/record';
import { askedLocale } from '../http/locale';
import type { Actor } from '../http/policy';
import { buildArchive, readme } from './archive';
import { collectPersonalData } from './collect';
import type { Subject } from './subject';

export type ExportDeps = { db: Knex; clock: () => Date };

/**
 * Builds one person's data export and records that it was taken: in the log of each school
 * where they study (its admins answer for it), or the platform's own when they study nowhere.
 * The README is in the requester's language (an admin reading it on the student's behalf reads
 * their own); the data itself is as stored.
 */
export async function exportPersonalData(deps: ExportDeps, actor: Actor, subject: Subject, request: { ip: string | undefined; lang: string | undefined }): Promise<{ filename: string; bytes: Uint8Array }> {
  const now = deps.clock();
  const data = await collectPersonalData(deps.db, subject.id);
  const bytes = buildArchive(data, readme(askedLocale(request.lang) ?? 'en', subject, now), now);
  const entry = {
    actor,
    action: 'data.exported' as const,
    target: { kind: 'user', id: subject.id },
    ip: request.ip ?? null,
    detail: { onBehalf: actor.id !== subject.id, files: data.files.length, bytes: bytes.length },
  };
  if (subject.schoolIds.length) await recordAuditForOrgs(deps.db, subject.schoolIds, entry, now);
  else await recordAudit(deps.db, { ...entry, orgId: null }, now);
  return { filename: `practicum-data-${now.toISOString().slice(0, 10)}.zip`, bytes };
}
