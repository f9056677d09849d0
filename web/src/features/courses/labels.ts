import i18next from 'i18next';
import type { CourseAssignment } from './coursesApi';

/*
 * Words for an assignment's settings, in the interface's language. Functions rather than
 * constants so each call reads the current language; the keys are spelled out for tools.
 */
const t = (key: string) => i18next.t(key, { ns: 'courses' });

export function modeLabel(mode: CourseAssignment['mode']): string {
  return mode === 'practice' ? t('mode.practice') : t('mode.assessment');
}

export const REVEAL_POLICIES: CourseAssignment['revealPolicy'][] = ['full', 'description', 'points', 'after-close'];

export function revealLabel(policy: CourseAssignment['revealPolicy']): string {
  const labels: Record<CourseAssignment['revealPolicy'], string> = {
    full: t('reveal.full'),
    description: t('reveal.description'),
    points: t('reveal.points'),
    'after-close': t('reveal.afterClose'),
  };
  return labels[policy];
}

export function revealHint(policy: CourseAssignment['revealPolicy']): string {
  const hints: Record<CourseAssignment['revealPolicy'], string> = {
    full: t('revealHint.full'),
    description: t('revealHint.description'),
    points: t('revealHint.points'),
    'after-close': t('revealHint.afterClose'),
  };
  return hints[policy];
}

export const REVIEW_KINDS: CourseAssignment['review'][] = ['none', 'single', 'double'];

export function reviewLabel(review: CourseAssignment['review']): string {
  const labels: Record<CourseAssignment['review'], string> = { none: t('review.none'), single: t('review.single'), double: t('review.double') };
  return labels[review];
}

/** What a monitor row's status means to a teacher. */
export function attemptStatusLabel(status: string): string {
  const labels: Record<string, string> = {
    not_started: t('status.notStarted'),
    in_progress: t('status.inProgress'),
    submitted: t('status.submitted'),
    graded: t('status.graded'),
  };
  return labels[status] ?? status;
}
