import type { ReviewItemDetail } from '../../../../server/contract/review';
import { MODERATION_NOTE_MIN } from '../../../../server/contract/constants';
import { Banner } from '../../components/Banner';

/** "Sun Hao", "Sun Hao and Ma Lin", "A, B and C". */
export function namesOf(people: { name: string }[]): string {
  const names = people.map((p) => p.name);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Who settles this disagreement, said on the review page to everyone who opens it: never a
 * read-only page that leaves the reader guessing. Null unless the item is in moderation.
 */
export function ModerationNotice({ detail, userId }: { detail: ReviewItemDetail; userId: string }) {
  const m = detail.moderation;
  if (!m || detail.item.status !== 'moderation') return null;
  const mine = m.people.some((p) => p.id === userId);
  if (m.by === 'nobody') {
    return (
      <Banner tone="error">
        Nobody can settle this disagreement yet: every reviewer of your company scored it, and none who did is a lead reviewer. An administrator can add a reviewer, who
        then settles it, or make one of you a lead reviewer. Your company’s administrators and lead reviewers have been told; the student waits until then.
      </Banner>
    );
  }
  if (m.by === 'scoring-lead') {
    return mine ? (
      <Banner tone="info">
        Nobody who did not score this submission is left to settle it, so you may, as a lead reviewer who scored it. You will say on the record why; the student and
        their teacher read that note. Or ask an administrator to add a reviewer, who would settle it independently.
      </Banner>
    ) : (
      <Banner tone="info">
        Nobody who did not score this submission is left to settle it. <span className="moderation-people">{namesOf(m.people)}</span>, the lead reviewer who scored it,
        may settle it with a note on the record; or an administrator adds a reviewer, who settles it independently.
      </Banner>
    );
  }
  if (mine) return null; // the claim banner and the rubric say what to do
  return (
    <Banner tone="info">
      <span className="moderation-people">{namesOf(m.people)}</span> {m.people.length === 1 ? 'settles' : 'may settle'} this disagreement:{' '}
      {m.by === 'lead' ? 'a lead reviewer who did not score it.' : 'no lead reviewer is free of it, so a reviewer who did not score it does.'}
    </Banner>
  );
}

/** The note a lead who scored the work must leave when they settle it themselves. */
export function ModerationNoteField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const short = value.trim().length < MODERATION_NOTE_MIN;
  return (
    <div className="field moderation-note">
      <label className="field__label" htmlFor="moderation-note">
        Note on the record (required)
      </label>
      <p className="field__hint" id="moderation-note-hint">
        Why you settle a disagreement on work you scored yourself: the student, their teacher and your company’s reviewers read it. At least {MODERATION_NOTE_MIN}{' '}
        characters.
      </p>
      <textarea
        id="moderation-note"
        className="input"
        rows={3}
        maxLength={5000}
        aria-describedby="moderation-note-hint"
        aria-invalid={value.trim().length > 0 && short ? true : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
