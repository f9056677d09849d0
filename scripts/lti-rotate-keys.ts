import { loadConfig } from '../server/config';
import { createDb, dbOptionsFromConfig } from '../server/db/knex';
import { migrateLatest } from '../server/db/migrate';
import { rotateKeys } from '../server/lti/keys';
import { sealerFor } from '../server/secrets/sealer';

/**
 * `node --import tsx scripts/lti-rotate-keys.ts`: the tool starts signing LTI messages with a
 * new key. The previous key stays in the JWKS (two live during a rotation), older ones retire.
 * An operator's command on the server, like the other key material, never an API call.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { web: false });
  const db = createDb(dbOptionsFromConfig(config));
  try {
    await migrateLatest(db);
    const kid = await rotateKeys(db, sealerFor(config), new Date());
    process.stdout.write(`The tool now signs with key ${kid}; the previous key stays published until the next rotation.\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
