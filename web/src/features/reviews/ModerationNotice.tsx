import { Trans, useTranslation } from 'react-i18next';
import type { ReviewItemDetail } from '../../../../server/contract/review';
import { MODERATION_NOTE_MIN } from '../../../../server/contract/constants';
import { formatList } from '../../app/format';
import { intlLocale } from '../../app/locale';
import { Banner } from '../../components/Banner';

/** "Sun Hao", "Sun Hao and Ma Lin", "A, B and C" (English); "孙浩和马林", "A、B和C" (Chinese). */
export function namesOf(people: { name: string }[]): string {
  const names = people.map((p) => p.name);
  if (intlLocale().startsWith('en')) return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return formatList(names);
}

/**
 * Who settles this disagreement, said on the review page to everyone who opens it: never a
 * read-only page that leaves the reader guessing. Null unless the item is in moderation.
 */
export function ModerationNotice({ detail, userId }: { detail: ReviewItemDetail; userId: string }) {
  const { t } = useTranslation('reviews');
  const m = detail.moderation;
  if (!m || detail.item.status !== 'moderation') return null;
  const mine = m.people.some((p) => p.id === userId);
  if (m.by === 'nobody') {
    return (
<Banner tone="error">{t('moderation.nobody')}</Banner>
    );
  }
  if (m.by === 'scoring-lead') {
    return mine ? (
<Banner tone="info">{t('moderation.scoringLeadYou')}</Banner>
    ) : (
      <Banner tone="info">
        <Trans t={t} i18nKey="moderation.scoringLeadOther" values={{ names: namesOf(m.people) }} components={{ b: <span className="moderation-people" /> }} />
      </Banner>
    );
  }
  if (mine) return null; // the claim banner and the rubric say what to do
  return (
    <Banner tone="info">
      <Trans
        t={t}
        i18nKey="moderation.settles"
        values={{ names: namesOf(m.people), count: m.people.length, by: m.by === 'lead' ? 'lead' : 'reviewer' }}
        components={{ b: <span className="moderation-people" /> }}
      />
    </Banner>
  );
}

/** The note a lead who scored the work must leave when they settle it themselves. */
export function ModerationNoteField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation('reviews');
  const short = value.trim().length < MODERATION_NOTE_MIN;
  return (
    <div className="field moderation-note">
      <label className="field__label" htmlFor="moderation-note">
        {t('moderation.noteLabel')}
      </label>
      <p className="field__hint" id="moderation-note-hint">
        {t('moderation.noteHint', { min: MODERATION_NOTE_MIN })}
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
