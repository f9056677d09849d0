import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssessmentKind, AssessmentView, PlacementAssessmentsView } from '../../../../server/contract/assessments';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Dialog, DialogActions } from '../../components/Dialog';
import { useAssessmentAutosave, type SaveState } from './assessmentDraft';
import { useSignAssessmentMutation } from './assessmentsApi';
import { LevelDescriptor } from './levels';

type Props = { userId: string; view: PlacementAssessmentsView; kind: AssessmentKind; draft: AssessmentView | null };

/**
 * One mentor's assessment at one point, on a phone: a big radio card per level (with what the
 * level means), a comment per competency, what they observed; saved as they go, signed off
 * after a confirmation.
 */
export function AssessmentForm({ userId, view, kind, draft }: Props) {
  const { t } = useTranslation('assessments');
  const placementId = view.placement.id;
  const auto = useAssessmentAutosave(userId, placementId, kind, draft);
  const [sign, signing] = useSignAssessmentMutation();
  const [confirming, setConfirming] = useState(false);
  const byCode = new Map(auto.content.ratings.map((r) => [r.code, r]));
  const missing = view.competencies.filter((c) => !byCode.has(c.code)).length;
  const signProblem = toProblem(signing.error);

  const rate = (code: string, patch: { levelId?: string; comment?: string }) => {
    const current = byCode.get(code) ?? { code, levelId: '', comment: '' };
    const next = { ...current, ...patch };
    // Ratings in the order of the placement's competencies; a comment needs a level first (the box is disabled until then).
    const ratings = view.competencies.map((c) => (c.code === code ? next : byCode.get(c.code))).filter((r): r is typeof next => Boolean(r));
    auto.change({ ...auto.content, ratings });
  };

  const doSign = async () => {
    const result = await sign({ placementId, kind, revision: auto.revision });
    setConfirming(false);
    if ('data' in result) auto.forget();
  };

  return (
    <form className="assess-form" onSubmit={(e) => e.preventDefault()} aria-labelledby={`assess-${kind}-title`}>
      <h3 id={`assess-${kind}-title`}>{t('form.title')}</h3>
      <SaveStatus state={auto.state} />
      {auto.state === 'conflict' ? (
        <Banner tone="error">
          <p>{t('save.conflict', { revision: auto.conflict?.serverRevision ?? 0 })}</p>
          <div className="assess-actions">
            <button type="button" className="btn btn--primary assess-touch" onClick={() => auto.resolve(true)}>
              {t('save.keepMine')}
            </button>
            <button type="button" className="btn btn--quiet assess-touch" onClick={() => auto.resolve(false)}>
              {t('save.takeServer')}
            </button>
          </div>
        </Banner>
      ) : null}
      {auto.state === 'failed' && auto.problem ? <Banner tone="error">{auto.problem.message}</Banner> : null}
      {view.competencies.map((c) => {
        const rating = byCode.get(c.code);
        return (
          <fieldset key={c.code} className="assess-competency">
            <legend>
              {c.title} <span className="muted">({c.code})</span>
            </legend>
            <div className="assess-levels">
              {view.levels.map((l) => {
                const id = `lvl-${kind}-${c.code}-${l.id}`;
                return (
                  <label key={l.id} htmlFor={id} className={`assess-level${rating?.levelId === l.id ? ' assess-level--chosen' : ''}`}>
                    <input id={id} type="radio" name={`lvl-${kind}-${c.code}`} value={l.id} checked={rating?.levelId === l.id} onChange={() => rate(c.code, { levelId: l.id })} />
                    <span className="assess-level__label">{l.label}</span>
                    <LevelDescriptor levelId={l.id} />
                  </label>
                );
              })}
            </div>
            <label className="field__label" htmlFor={`cmt-${kind}-${c.code}`}>
              {t('form.comment', { competency: c.title })}
            </label>
            <textarea
              id={`cmt-${kind}-${c.code}`}
              className="input"
              rows={2}
              maxLength={2000}
              value={rating?.comment ?? ''}
              disabled={!rating}
              onChange={(e) => rate(c.code, { comment: e.target.value })}
            />
          </fieldset>
        );
      })}
      <label className="field__label" htmlFor={`evidence-${kind}`}>
        {t('form.evidence')}
      </label>
      <p className="field__hint">{t('form.evidenceHint')}</p>
      <textarea id={`evidence-${kind}`} className="input" rows={4} maxLength={10_000} value={auto.content.evidence} onChange={(e) => auto.change({ ...auto.content, evidence: e.target.value })} />
      {signProblem ? <Banner tone="error">{signProblem.message}</Banner> : null}
      <div className="assess-actions">
        <button
          type="button"
          className="btn btn--primary assess-touch"
          aria-disabled={missing > 0 || auto.state !== 'saved' || undefined}
          onClick={() => {
            if (missing === 0 && auto.state === 'saved') setConfirming(true);
          }}
        >
          {t('sign.open')}
        </button>
        {missing > 0 ? <p className="muted">{t('sign.missing', { count: missing })}</p> : auto.state !== 'saved' ? <p className="muted">{t('sign.waitSave')}</p> : null}
      </div>
      <Dialog
        open={confirming}
        title={t('sign.confirmTitle')}
        onClose={() => setConfirming(false)}
        busy={signing.isLoading}
        actions={<DialogActions busy={signing.isLoading} label={t('sign.confirm')} busyLabel={t('sign.signing')} onConfirm={() => void doSign()} onCancel={() => setConfirming(false)} />}
      >
        <p>{t('sign.confirmText')}</p>
      </Dialog>
    </form>
  );
}

/** Where the draft is: saved on the server, waiting, on its way, or kept here and retried. */
function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useTranslation('assessments');
  return (
    <p className={`assess-save assess-save--${state}`} role="status" aria-live="polite">
      {t(`save.state.${state}`)}
    </p>
  );
}
