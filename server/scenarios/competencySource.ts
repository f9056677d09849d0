import fs from 'node:fs';
import path from 'node:path';
import { ambiguousCodes, competencyIndex, lookupFrameworks } from '../competency/case';
import { loadFrameworkFile, SHIPPED_FRAMEWORK } from '../competency/framework';
import { loadConfig } from '../config';
import { createDb, dbOptionsFromConfig } from '../db/knex';
import type { CompetencyLookup } from './lint';

export type CompetencySource = { lookup: CompetencyLookup; /** Where the codes came from, for the CLI to say. */ from: string };

/**
 * One source of truth for competency codes: the browser editor and the server check a package
 * against the frameworks imported into the app's database (the shipped one is synced into it at
 * every start), so `scenarios check` does too whenever that database exists. Only without one
 * (a fresh clone, CI) does it fall back to the shipped file, and it says which it used. The
 * database is only read: no migration, no sync, no file created.
 */
export async function competencySource(env: NodeJS.ProcessEnv, opts: { shippedOnly?: boolean } = {}): Promise<CompetencySource> {
  const shipped = (why: string): CompetencySource => {
    const framework = loadFrameworkFile();
    const titles = Object.values(framework.titles).filter((t): t is string => typeof t === 'string');
    return {
      lookup: { ...framework, frameworks: [{ identifier: framework.identifier, title: framework.title, titles, items: framework.items }] },
      from: `the shipped file ${path.relative(process.cwd(), SHIPPED_FRAMEWORK) || SHIPPED_FRAMEWORK} (${why})`,
    };
  };
  if (opts.shippedOnly) return shipped('--shipped-framework');
  let options;
  try {
    options = dbOptionsFromConfig(loadConfig(env, { web: false }));
  } catch (err) {
    return shipped(`the environment does not name a usable database: ${(err as Error).message.split('\n').slice(0, 2).join(' ')}`);
  }
  if (options.dialect === 'sqlite' && !fs.existsSync(options.filename)) return shipped(`no database at ${options.filename}`);
  const where = options.dialect === 'sqlite' ? options.filename : 'DATABASE_URL';
  const db = createDb(options);
  try {
    if (!(await db.schema.hasTable('framework_items'))) return shipped(`the database at ${where} has no frameworks yet: start the app once`);
    const index = await competencyIndex(db);
    if (index.size === 0) return shipped(`the database at ${where} has no frameworks yet: start the app once`);
    const frameworks = new Set([...index.values()].map((c) => c.framework)).size;
    return {
      lookup: { title: 'the database', where: 'any framework imported into the database', byCode: index, ambiguous: await ambiguousCodes(db), frameworks: await lookupFrameworks(db) },
      from: `the database (${where}): ${index.size} code${index.size === 1 ? '' : 's'} in ${frameworks} framework${frameworks === 1 ? '' : 's'}`,
    };
  } catch (err) {
    return shipped(`the database at ${where} could not be read: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await db.destroy();
  }
}
