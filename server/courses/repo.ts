/** Row shapes of the courses domain, as both drivers return them. */
export type AssignmentRow = {
  id: string;
  course_id: string;
  scenario_version_id: string;
  title: string;
  mode: 'practice' | 'assessment';
  opens_at: Date | number;
  closes_at: Date | number | null;
  time_limit_minutes: number;
  max_attempts: number | null;
  reveal_policy: 'full' | 'description' | 'points' | 'after-close';
  review: 'none' | 'single' | 'double';
  blind_review: boolean | number;
  regrade_window_days: number;
  moderation_threshold: number;
};
