import { ROLES, type OrgKind, type Role } from '../../../server/contract/constants';

export { ROLES, ROLE_ORG_KIND, PASSWORD_MIN } from '../../../server/contract/constants';

export const ROLE_LABEL: Record<Role, string> = {
  student: 'Student',
  teacher: 'Teacher',
  author: 'Author',
  reviewer: 'Reviewer',
  admin: 'Administrator',
};

export const ORG_KIND_LABEL: Record<OrgKind, string> = { school: 'School', enterprise: 'Enterprise' };


export function sortRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
