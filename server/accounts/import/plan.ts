import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { IMPORT_OUTCOMES, type ImportChange, type ImportLineT, type ImportOutcome } from '../../contract/accountImports';
import { ROLE_ORG_KIND, type OrgKind, type Role } from '../../contract/constants';
import { msg, render, type Msg } from '../../messages';
import { currentLocale } from '../../http/locale';
import type { CsvRow } from './csv';

/**
 * What an account list would do to one organisation, line by line. The same function answers
 * the preview and, inside apply's transaction, decides again: apply goes ahead only when the
 * two agree (the plan id), so it does exactly what the admin saw.
 *
 * Rules, kept few on purpose:
 *  - a line is one person in one role; a person may have several lines (one per role);
 *  - an e-mail nobody uses → a new account; an e-mail of a member of this organisation → that
 *    member (name, the role, a student's class); an e-mail of anyone else → refused, without
 *    saying whose it is (an admin creates and reads only their own organisation's people);
 *  - an import only adds: roles it does not name are kept, an empty class clears nothing,
 *    passwords of existing accounts are never touched, a disabled account stays disabled;
 *  - administrators are never made by a file: that role is given one person at a time.
 */

export type OrgRef = { id: string; name: string; kind: OrgKind };

/** One line of the plan, with what apply needs beyond the wire shape. */
export type PlannedLine = ImportLineT & { userId: string | null };

const Email = z.string().max(254).pipe(z.email());
const NAME_MAX = 200;
const CLASS_MAX = 100;

/** Role words a roster may use, English or Chinese (GLOSSARY.zh-CN). */
const ROLE_WORDS = new Map<string, Role>(Object.entries({
  student: 'student',
  学生: 'student',
  teacher: 'teacher',
  教师: 'teacher',
  老师: 'teacher',
  author: 'author',
  作者: 'author',
  项目编写人: 'author',
  reviewer: 'reviewer',
  评阅人: 'reviewer',
  mentor: 'mentor',
  导师: 'mentor',
  企业指导教师: 'mentor',
  admin: 'admin',
  administrator: 'admin',
  管理员: 'admin',
} satisfies Record<string, Role>));

type UserRow = { id: string; email: string; name: string };
type MemberRow = { user_id: string; org_id: string; role: Role; class_name: string | null };

const CHUNK = 500;

async function inChunks<T>(values: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await load(values.slice(i, i + CHUNK))));
  return out;
}

const reasonOf = (m: Msg) => ({ key: m.key, ...(m.params ? { params: m.params } : {}), message: render(m, currentLocale()) });

/** The line as written, checked on its own: a refusal, or the normalised values. */
function checkLine(row: CsvRow, org: OrgRef): { email: string; name: string; role: Role | null; className: string | null; refusal?: Msg } {
  const email = row.email.trim().toLowerCase();
  const name = row.name.trim();
  // A Map: a cell saying "constructor" or "__proto__" is an unknown word, not a property.
  const role = ROLE_WORDS.get(row.role.trim().toLowerCase()) ?? null;
  const className = row.className.trim() || null;
  const base = { email, name, role, className };
  if (!email) return { ...base, refusal: msg('accountImport.reason.emailMissing') };
  if (!Email.safeParse(email).success) return { ...base, refusal: msg('accountImport.reason.email', { email: row.email.trim() }) };
  if (!name || name.length > NAME_MAX || /[\n\t]/.test(name)) return { ...base, refusal: msg('accountImport.reason.name', { max: NAME_MAX }) };
  if (!row.role.trim()) return { ...base, refusal: msg('accountImport.reason.roleMissing', { kind: org.kind }) };
  if (!role) return { ...base, refusal: msg('accountImport.reason.role', { role: row.role.trim(), kind: org.kind }) };
  if (role === 'admin') return { ...base, refusal: msg('accountImport.reason.roleAdmin') };
  if (ROLE_ORG_KIND[role] !== org.kind) return { ...base, refusal: msg('accountImport.reason.roleKind', { role, kind: org.kind }) };
  if (className && role !== 'student') return { ...base, refusal: msg('accountImport.reason.classNotStudent') };
  if (className && className.length > CLASS_MAX) return { ...base, refusal: msg('accountImport.reason.classTooLong', { max: CLASS_MAX }) };
  return base;
}

export async function planImport(db: Knex | Knex.Transaction, org: OrgRef, rows: CsvRow[]): Promise<PlannedLine[]> {
  const checked = rows.map((row) => ({ row, ...checkLine(row, org) }));
  const emails = [...new Set(checked.filter((c) => !c.refusal).map((c) => c.email))];
  const users: UserRow[] = await inChunks(emails, (chunk) => db('users').whereIn('email', chunk).select('id', 'email', 'name'));
  const userByEmail = new Map(users.map((u) => [u.email, u]));
  const members: MemberRow[] = await inChunks(
    users.map((u) => u.id),
    (chunk) => db('memberships').whereIn('user_id', chunk).select('user_id', 'org_id', 'role', 'class_name'),
  );
  const membersOf = new Map<string, MemberRow[]>();
  for (const m of members) membersOf.set(m.user_id, [...(membersOf.get(m.user_id) ?? []), m]);

  /** Per e-mail, the first line that names it (its name is the one that counts). */
  const firstLine = new Map<string, { line: number; name: string }>();
  const seenRole = new Map<string, number>();
  const plan: PlannedLine[] = [];
  for (const c of checked) {
    const line = { line: c.row.line, email: c.email, name: c.name, role: c.role, className: c.className };
    const refuse = (m: Msg): PlannedLine => ({ ...line, outcome: 'refused', changes: [], reason: reasonOf(m), userId: null });
    if (c.refusal) {
      plan.push(refuse(c.refusal));
      continue;
    }
    const role = c.role!;
    const earlier = firstLine.get(c.email);
    const sameRole = seenRole.get(`${c.email}\u0000${role}`);
    if (sameRole !== undefined) {
      plan.push(refuse(msg('accountImport.reason.duplicate', { line: sameRole })));
      continue;
    }
    if (earlier && earlier.name !== c.name) {
      plan.push(refuse(msg('accountImport.reason.nameDiffers', { line: earlier.line })));
      continue;
    }
    const user = userByEmail.get(c.email);
    const theirs = user ? (membersOf.get(user.id) ?? []) : [];
    if (user && !theirs.some((m) => m.org_id === org.id)) {
      plan.push(refuse(msg('accountImport.reason.elsewhere')));
      continue;
    }
    const renames = user !== undefined && !earlier && user.name !== c.name;
    // A person who also belongs to another organisation keeps the name that organisation knows.
    if (renames && theirs.some((m) => m.org_id !== org.id)) {
      plan.push(refuse(msg('accountImport.reason.nameShared')));
      continue;
    }
    seenRole.set(`${c.email}\u0000${role}`, c.row.line);
    if (!earlier) firstLine.set(c.email, { line: c.row.line, name: c.name });

    let outcome: ImportOutcome;
    const changes: ImportChange[] = [];
    if (!user && !earlier) outcome = 'create';
    else {
      const held = theirs.find((m) => m.org_id === org.id && m.role === role);
      if (renames) changes.push('name');
      if (!held) changes.push('role');
      if (c.className && held?.class_name !== c.className) changes.push('class');
      outcome = changes.length > 0 ? 'update' : 'unchanged';
    }
    plan.push({ ...line, outcome, changes, userId: user?.id ?? null });
  }
  return plan;
}

export function countOutcomes(plan: ImportLineT[]): Record<ImportOutcome, number> {
  const counts = Object.fromEntries(IMPORT_OUTCOMES.map((o) => [o, 0])) as Record<ImportOutcome, number>;
  for (const l of plan) counts[l.outcome]++;
  return counts;
}

/** Names a plan: the organisation and every line's outcome, never a reason's wording (that follows the reader's language). */
export function planIdOf(orgId: string, plan: ImportLineT[]): string {
  const canonical = plan.map((l) => [l.line, l.outcome, l.email, l.name, l.role, l.className, l.changes, l.reason?.key ?? null, l.reason?.params ?? null]);
  return createHash('sha256').update(JSON.stringify([orgId, canonical])).digest('hex');
}

/** Refused lines first (what the admin must fix), then the file's order. */
export function forDisplay<T extends ImportLineT>(plan: T[]): T[] {
  return [...plan.filter((l) => l.outcome === 'refused'), ...plan.filter((l) => l.outcome !== 'refused')];
}
