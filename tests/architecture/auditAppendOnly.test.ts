import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The audit log is append-only: only server/audit/ writes `audit_log` (record.ts inserts,
 * pseudonymise.ts makes the one narrow change erasure needs, which the database trigger also
 * bounds). Any other module that names the table in an insert, update or delete — through
 * knex or in raw SQL — fails here; reading it (a person's data export) is fine.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const TREES = ['server', 'scripts'];
const ALLOWED = path.join('server', 'audit') + path.sep;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

const KNEX_WRITE = /\.\s*(insert|update|upsert|del|delete|truncate|merge)\s*\(/;
const SQL_WRITE = /\b(insert\s+into|update|delete\s+from|truncate(\s+table)?)\s+["`]?audit_log\b/i;

/**
 * The knex chain that starts at the table name: up to its statement's `;` at the chain's own
 * depth, so a callback inside it (`.where((w) => { …; })`) does not end it early, or up to the
 * bracket that closes the expression around it.
 */
function statementFrom(source: string, start: number): string {
  let depth = 0;
  for (let i = start; i < Math.min(source.length, start + 4000); i++) {
    const c = source[i]!;
    if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c) && --depth < -1) return source.slice(start, i);
    else if (c === ';' && depth <= -1) return source.slice(start, i);
  }
  return source.slice(start, start + 4000);
}

/** The writes of `audit_log` in a source text: each knex chain that starts at the table name, up to the statement's end, and raw SQL. */
function auditWrites(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/audit_log\b/g)) {
    const statement = statementFrom(source, match.index);
    if (KNEX_WRITE.test(statement)) found.push(statement.split('\n')[0]!.trim());
  }
  const sql = SQL_WRITE.exec(source);
  if (sql) found.push(sql[0]);
  return found;
}

describe('the audit log is append-only', () => {
  it('the scan finds a write in every form it looks for, and not a read', () => {
    expect(auditWrites(`await trx('audit_log').where({ id }).update({ detail: null });`)).toHaveLength(1);
    expect(auditWrites(`await db('audit_log')\n  .where('at', '<', cut)\n  .del();`)).toHaveLength(1);
    expect(auditWrites(`await db('audit_log as a').insert(row);`)).toHaveLength(1);
    expect(auditWrites('await db.raw(`DELETE FROM audit_log WHERE at < ?`, [cut]);')).toHaveLength(1);
    expect(auditWrites(`await knex.raw('update "audit_log" set ip = null');`)).toHaveLength(1);
    expect(auditWrites(`await db('audit_log').where((w) => { w.where('a', 1); w.orWhere('b', 2); }).update({ ip: null });`)).toHaveLength(1);
    expect(auditWrites(`await run(() => db('audit_log').del()); await db('users').update({ a: 1 });`)).toHaveLength(1);
    expect(auditWrites(`const rows = await db('audit_log').where({ actor_id: id }).select('*');`)).toEqual([]);
  });

  it('no module outside server/audit writes audit_log', () => {
    const offenders = TREES.flatMap((tree) => sourceFiles(path.join(ROOT, tree)))
      .filter((file) => !path.relative(ROOT, file).startsWith(ALLOWED))
      .flatMap((file) => auditWrites(fs.readFileSync(file, 'utf8')).map((w) => `${path.relative(ROOT, file)}: ${w}`));
    expect(offenders).toEqual([]);
  });

  it('server/audit itself is scanned the same way (the allowance is what lets record.ts insert)', () => {
    const own = sourceFiles(path.join(ROOT, 'server', 'audit')).filter((f) => auditWrites(fs.readFileSync(f, 'utf8')).length > 0);
    expect(own.map((f) => path.basename(f)).sort()).toEqual(['pseudonymise.ts', 'record.ts']);
  });
});
