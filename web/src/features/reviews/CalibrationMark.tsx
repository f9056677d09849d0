import i18next from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReviewItemDetail, ReviewView, RubricCriterionView } from '../../../../server/contract/review';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Dialog, DialogActions } from '../../components/Dialog';
import { useMarkCalibrationMutation } from './reviewsApi';

/**
 * The level a finished review settled on per criterion, as a starting point for the agreed
 * levels: the moderator's where there was one, else the level every review gave. Where two
 * reviews differ (and their mean was taken) there is none: the lead chooses.
 */
export function settledLevels(detail: ReviewItemDetail): Record<string, number> {
  const reviews: ReviewView[] = [...(detail.mine?.status === 'submitted' ? [detail.mine] : []), ...detail.others].filter((r) => r.kind !== 'calibration' && r.status === 'submitted');
  const out: Record<string, number> = {};
  for (const c of detail.rubric) {
    const moderated = reviews.find((r) => r.kind === 'moderation')?.scores.find((s) => s.criterionId === c.id);
    const given = reviews.filter((r) => r.kind === 'primary').map((r) => r.scores.find((s) => s.criterionId === c.id)?.level);
    if (moderated) out[c.id] = moderated.level;
    else if (given.length > 0 && given.every((l) => l !== undefined && l === given[0])) out[c.id] = given[0]!;
  }
  return out;
}

const levelText = (c: RubricCriterionView, level: number) =>
  i18next.t('reviews:calibrationMark.levelOption', { count: c.levels[level]?.score ?? 0, text: c.levels[level]?.text ?? i18next.t('reviews:level', { n: level + 1 }) });

/**
 * A lead reviewer's offer on a finished review: keep it as a calibration item with agreed levels,
 * which every reviewer then scores once and compares with. Practice only: the student's grade
 * does not change.
 */
export function CalibrationMark({ detail }: { detail: ReviewItemDetail }) {
  const { t } = useTranslation('reviews');
  const [open, setOpen] = useState(false);
  const [levels, setLevels] = useState<Record<string, number>>(() => settledLevels(detail));
  const [mark, state] = useMarkCalibrationMutation();
  const [done, setDone] = useState(false);
  const problem = toProblem(state.error);
  const missing = detail.rubric.filter((c) => levels[c.id] === undefined);

  if (detail.item.calibration) {
    return (
      <section className="calibration-mark" aria-labelledby="calibration-mark-title">
        <h3 id="calibration-mark-title" className="calibration-mark__title">
          {t('calibrationMark.itemTitle')}
        </h3>
        {done ? <Banner tone="success">{t('calibrationMark.done')}</Banner> : null}
        <p>{t('calibrationMark.agreedShown')}</p>
        <p>
          <Link to="/reviews/calibration">{t('calibrationMark.openPage')}</Link>
        </p>
      </section>
    );
  }

  const onConfirm = async () => {
    if (state.isLoading || missing.length > 0) return;
    const result = await mark({ itemId: detail.item.id, scores: detail.rubric.map((c) => ({ criterionId: c.id, level: levels[c.id]! })) });
    if ('data' in result) {
      setOpen(false);
      setDone(true);
    }
  };

  return (
    <section className="calibration-mark" aria-labelledby="calibration-mark-title">
      <h3 id="calibration-mark-title" className="calibration-mark__title">
        {t('calibrationMark.title')}
      </h3>
      <p>{t('calibrationMark.offer')}</p>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        {t('calibrationMark.use')}
      </button>
      <Dialog
        open={open}
        title={t('calibrationMark.use')}
        onClose={() => setOpen(false)}
        busy={state.isLoading}
        size="large"
        actions={<DialogActions busy={state.isLoading} label={t('calibrationMark.use')} busyLabel={t('calibrationMark.saving')} onConfirm={() => void onConfirm()} onCancel={() => setOpen(false)} />}
      >
        <p>{t('calibrationMark.choose')}</p>
        {problem ? <Banner tone="error">{problem.message}</Banner> : null}
        <div className="calibration-levels">
          {detail.rubric.map((c) => (
            <div key={c.id} className="field">
              <label className="field__label" htmlFor={`agreed-${c.id}`}>
                {c.title}
              </label>
              <select
                id={`agreed-${c.id}`}
                className="input"
                value={levels[c.id] ?? ''}
                onChange={(e) => setLevels((l) => ({ ...l, [c.id]: Number(e.target.value) }))}
                aria-invalid={levels[c.id] === undefined ? true : undefined}
              >
                {levels[c.id] === undefined ? <option value="">{t('calibrationMark.chooseLevel')}</option> : null}
                {c.levels.map((_, i) => (
                  <option key={i} value={i}>
                    {levelText(c, i)}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        {missing.length > 0 ? <p className="field__hint">{t('calibrationMark.missing', { count: missing.length })}</p> : null}
      </Dialog>
    </section>
  );
}
