import type { Knex } from 'knex';

/**
 * The audit log is append-only in the database too, not only by the application's habits:
 * DELETE is refused, and so is every UPDATE but one narrow kind: the pseudonymisation of an
 * erased person (server/audit/pseudonymise.ts), which may only replace actor_label with an
 * "erased:" pseudonym and clear ip, leaving what happened, when, to what and by which id as it
 * was. Someone with the database owner's rights can still drop the trigger; this guards against
 * the application (a bug, an injection), and says so where an auditor looks.
 */
const UNCHANGED = ['id', 'at', 'actor_id', 'org_id', 'action', 'target_kind', 'target_id', 'detail'];
// substr, not LIKE: SQLite's LIKE ignores case, and the rule must read the same on both dialects.
const PSEUDONYM = "substr(NEW.actor_label, 1, 7) = 'erased:'";

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    const same = UNCHANGED.map((c) => `NEW.${c} IS NOT DISTINCT FROM OLD.${c}`).join(' AND ');
    await knex.raw(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND ${same} AND NEW.ip IS NULL AND ${PSEUDONYM} THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$ LANGUAGE plpgsql`);
    await knex.raw('CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()');
    // TRUNCATE fires no row trigger: refuse it by a statement trigger.
    await knex.raw('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()');
  } else {
    const same = UNCHANGED.map((c) => `NEW.${c} IS OLD.${c}`).join(' AND ');
    await knex.raw(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (DELETE refused)'); END`);
    await knex.raw(`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      WHEN NOT (${same} AND NEW.ip IS NULL AND ${PSEUDONYM})
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (UPDATE refused)'); END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log');
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log');
    await knex.raw('DROP FUNCTION IF EXISTS audit_log_append_only()');
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_update');
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_delete');
  }
}
