import type { Knex } from 'knex';

/**
 * Schema changes knex's SQLite alter() gets wrong: it keeps a column's old CHECK constraint
 * beside the new one when an enum is widened, so the new value is still refused. SQLite's own
 * answer is the rebuild (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of
 * Table Schema Changes"): a new table from the edited definition, the rows copied, the old
 * dropped, the new renamed, its indexes made again. Only for tables no foreign key points at,
 * so it runs inside the migration's transaction with foreign keys on.
 */
export async function rebuildSqliteTable(knex: Knex, table: string, edit: (createSql: string) => string): Promise<void> {
  const rows: { type: string; name: string; sql: string | null }[] = await knex.raw('select type, name, sql from sqlite_master where tbl_name = ?', [table]);
  const create = rows.find((r) => r.type === 'table')?.sql;
  if (!create) throw new Error(`no table ${table}`);
  const edited = edit(create);
  if (edited === create) throw new Error(`the change to ${table} matched nothing in its definition`);
  const temp = `${table}__rebuild`;
  const indexes = rows.filter((r) => r.type === 'index' && r.sql).map((r) => r.sql!);
  await knex.raw(edited.replace(/^CREATE TABLE\s+("[^"]+"|`[^`]+`|\S+)/i, `CREATE TABLE "${temp}"`));
  const columns: { name: string }[] = await knex.raw(`pragma table_info("${table}")`);
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  await knex.raw(`insert into "${temp}" (${list}) select ${list} from "${table}"`);
  await knex.raw(`drop table "${table}"`);
  await knex.raw(`alter table "${temp}" rename to "${table}"`);
  for (const sql of indexes) await knex.raw(sql);
}

const quoteList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/** Replace the allowed values of an enum column (knex's `enu`: a CHECK constraint on both dialects). */
export async function setEnumValues(knex: Knex, table: string, column: string, values: readonly string[]): Promise<void> {
  if (knex.client.config.client === 'pg') {
    // knex names the constraint <table>_<column>_check.
    await knex.raw(`alter table "${table}" drop constraint if exists "${table}_${column}_check"`);
    await knex.raw(`alter table "${table}" add constraint "${table}_${column}_check" check ("${column}" in (${quoteList(values)}))`);
    return;
  }
  const check = new RegExp(`check \\(\`${column}\` in ?\\([^)]*\\)\\)`, 'i');
  await rebuildSqliteTable(knex, table, (sql) => sql.replace(check, `CHECK (\`${column}\` in (${quoteList(values)}))`));
}

/** Let a NOT NULL column hold NULL (or forbid it again). */
export async function setNullable(knex: Knex, table: string, column: string, nullable: boolean): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`alter table "${table}" alter column "${column}" ${nullable ? 'drop' : 'set'} not null`);
    return;
  }
  const def = new RegExp(`(\`${column}\` [a-z]+(?:\\(\\d+\\))?)( NOT NULL)?`, 'i');
  await rebuildSqliteTable(knex, table, (sql) => sql.replace(def, (_m, head: string) => (nullable ? head : `${head} NOT NULL`)));
}
