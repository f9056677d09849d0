import type { CourseAssignment } from './coursesApi';

export const MODE_LABEL: Record<CourseAssignment['mode'], string> = { practice: 'Practice', assessment: 'Assessment' };

export const REVEAL_LABEL: Record<CourseAssignment['revealPolicy'], string> = {
  full: 'Everything',
  description: 'Which checks passed',
  points: 'Score only',
  'after-close': 'After the assignment closes',
};

export const REVEAL_HINT: Record<CourseAssignment['revealPolicy'], string> = {
  full: 'Students see every check with its messages after they submit.',
  description: 'Students see which hidden checks passed, without their messages.',
  points: 'Students see their score but not which hidden checks passed.',
  'after-close': 'Nothing until the assignment closes, then everything.',
};

export const REVIEW_LABEL: Record<CourseAssignment['review'], string> = {
  none: 'No enterprise review',
  single: 'One reviewer',
  double: 'Two reviewers',
};

/** What a monitor row's status means to a teacher. */
export const ATTEMPT_STATUS_LABEL: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  submitted: 'Submitted',
  graded: 'Graded',
};
