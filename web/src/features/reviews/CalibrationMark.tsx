import { useState } from 'react';
import { Link } from 'react-router';
import type { ReviewItemDetail, ReviewView, RubricCriterionView } from '../../../../server/contract/review';
import { plural } from '../../app/format';
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

const levelText = (c: RubricCriterionView, level: number) => `${plural(c.levels[level]?.score ?? 0, 'point')}: ${c.levels[level]?.text ?? `level ${level + 1}`}`;

/**
 * A lead reviewer's offer on a finished review: keep it as a calibration item with agreed levels,
 * which every reviewer then scores once and compares with. Practice only: the student's grade
 * does not change.
 */
export function CalibrationMark({ detail }: { detail: ReviewItemDetail }) {
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
          Calibration item
        </h3>
        {done ? <Banner tone="success">This submission is now a calibration item. Every reviewer of your company scores it once, on the calibration page.</Banner> : null}
        <p>The agreed levels show as “Agreed” in the rubric. Reviewers see them only after they scored it.</p>
        <p>
          <Link to="/reviews/calibration">Open the calibration page</Link>
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
        Calibration
      </h3>
      <p>Keep this finished review as a calibration item: every reviewer scores it once and sees how far their levels are from the agreed ones. The student’s grade does not change.</p>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        Use as a calibration item
      </button>
      <Dialog
        open={open}
        title="Use as a calibration item"
        onClose={() => setOpen(false)}
        busy={state.isLoading}
        size="large"
        actions={<DialogActions busy={state.isLoading} label="Use as a calibration item" busyLabel="Saving…" onConfirm={() => void onConfirm()} onCancel={() => setOpen(false)} />}
      >
        <p>Choose the level everyone should agree on for each criterion. They start at the levels this review settled on; where the reviewers differed, choose one.</p>
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
                {levels[c.id] === undefined ? <option value="">Choose the agreed level</option> : null}
                {c.levels.map((_, i) => (
                  <option key={i} value={i}>
                    {levelText(c, i)}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        {missing.length > 0 ? <p className="field__hint">Choose a level for {plural(missing.length, 'criterion', 'criteria')} first.</p> : null}
      </Dialog>
    </section>
  );
}
