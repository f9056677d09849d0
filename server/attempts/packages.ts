import type { Knex } from 'knex';
import { errors } from '../http/errors';
import { msg } from '../messages';
import type { ScenarioPackage } from '../scenarios/package';
import { loadVersion } from '../scenarios/repo';

/** Published versions never change, so a process may keep every one it has loaded. */
const cache = new Map<string, Promise<ScenarioPackage | undefined>>();

export async function packageOf(db: Knex, versionId: string): Promise<ScenarioPackage> {
  let entry = cache.get(versionId);
  if (!entry) {
    entry = loadVersion(db, versionId);
    cache.set(versionId, entry);
    // A failed read (a busy database) must not stay cached for the life of the process.
    entry.catch(() => cache.delete(versionId));
  }
  const pkg = await entry;
  if (!pkg) {
    cache.delete(versionId);
    throw errors.notFound(msg('notFound.scenarioVersion'));
  }
  return pkg;
}
