import type { Knex } from 'knex';
import { competencyIndex, levelsFor } from '../competency/case';
import { readMastery } from '../competency/evidence';
import type { ProficiencyLevel } from '../competency/mastery';

/**
 * An enterprise's requirements of a role (its 岗位能力要求): competency → required level. A
 * profile stated for one base wins over the one stated for the role at all the enterprise's
 * bases. The gap of a student is read from the same mastery the record shows.
 */
export type ProfileEntry = { code: string; level: ProficiencyLevel };
export type Profile = { enterpriseId: string; role: string; baseId: string | null; entries: ProfileEntry[] };

export type CompetencyGap = {
  code: string;
  title: string;
  required: ProficiencyLevel;
  /** The student's mastery, null when nothing has been assessed yet. */
  value: number | null;
  /** How far below the required level's minimum, 0 when the student meets it (or has no value: see `value`). */
  gap: number;
  meets: boolean;
};

type ProfileRow = { base_id: string | null; competency_code: string; level_id: string };

/** The profile that applies to `role` at `baseId`: the base's own when it has one, else the enterprise's for the role. */
export async function profileFor(db: Knex, enterpriseId: string, role: string, baseId: string | null): Promise<Profile> {
  const rows: ProfileRow[] = await db('role_profiles')
    .where({ enterprise_id: enterpriseId, role })
    .where((w) => {
      w.whereNull('base_id');
      if (baseId) w.orWhere('base_id', baseId);
    })
    .orderBy('id')
    .select('base_id', 'competency_code', 'level_id');
  const own = baseId ? rows.filter((r) => r.base_id === baseId) : [];
  const chosen = own.length > 0 ? own : rows.filter((r) => r.base_id === null);
  const entries: ProfileEntry[] = [];
  for (const r of chosen) {
    const levels = await levelsFor(db, [r.competency_code]);
    const level = levels.find((l) => l.id === r.level_id);
    if (level) entries.push({ code: r.competency_code, level });
  }
  return { enterpriseId, role, baseId: own.length > 0 ? baseId : null, entries };
}

/** The gap of one student's mastery (in one course) to a profile, one row per required competency. */
export async function gapsTo(db: Knex, profile: Profile, courseId: string, studentId: string): Promise<CompetencyGap[]> {
  const [values, index] = await Promise.all([readMastery(db, courseId, studentId), competencyIndex(db)]);
  return gapsFrom(profile, (code) => values[code]?.[0] ?? null, (code) => index.get(code)?.title ?? code);
}

/** The arithmetic apart from the database, so it can be tested and reused on any source of values. */
export function gapsFrom(profile: Profile, valueOf: (code: string) => number | null, titleOf: (code: string) => string): CompetencyGap[] {
  return profile.entries.map(({ code, level }) => {
    const value = valueOf(code);
    const gap = value === null ? 0 : Math.max(0, level.min - value);
    return { code, title: titleOf(code), required: level, value, gap, meets: value !== null && value >= level.min - 1e-9 };
  });
}
