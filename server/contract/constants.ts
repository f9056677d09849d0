/** Plain constants shared with the web client; no zod here, so the bundle stays small. */

export const ROLES = ['student', 'teacher', 'author', 'reviewer', 'mentor', 'admin'] as const;
export const ORG_KINDS = ['school', 'enterprise'] as const;

export type Role = (typeof ROLES)[number];
export type OrgKind = (typeof ORG_KINDS)[number];

/** Which kind of organisation a role belongs to; an admin fits either. */
export const ROLE_ORG_KIND: Record<Role, OrgKind | null> = {
  student: 'school',
  teacher: 'school',
  author: 'enterprise',
  reviewer: 'enterprise',
  // An enterprise engineer who guides students on placement (issue 16).
  mentor: 'enterprise',
  admin: null,
};

export const PASSWORD_MIN = 10;

/** The languages the interface speaks; the first is the default. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** One language tag to ours (a browser's, a header's, a shell's `zh_CN`): any Chinese (zh, zh-CN, zh-Hans, zh-TW…) → zh-CN, English → en. */
export function localeOfTag(tag: string | null | undefined): Locale | null {
  const lower = (tag ?? '').trim().toLowerCase().replace(/_/g, '-');
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/** Shortest note a lead who scored the work must leave when they moderate it themselves. */
export const MODERATION_NOTE_MIN = 20;
