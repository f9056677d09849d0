import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DraftView } from '../../../../server/contract/authoring';
import { SaveSummary } from '../../workspace/SaveSummary';
import type { PublishResult } from './authoringApi';
import { rich } from './richText';
import { selectDraftFiles } from './draftEditorSlice';
import type { ValidationState } from './ValidationPanel';

type Props = {
  draft: DraftView;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** The caller may edit and the draft is still open. */
  editable: boolean;
  /** Set once the draft was published elsewhere while open here. */
  closedBy: PublishResult | null;
  validationState: ValidationState;
  validationPassed: boolean;
  validating: boolean;
  previewing: boolean;
  onPreview: () => void;
  onValidate: () => void;
  onPublish: () => void;
};

/** The draft editor's header: which scenario and version, save and validation state, and Preview, Validate, Publish. */
export function DraftEditorHeader({ draft, headingRef, editable, closedBy, validationState, validationPassed, validating, previewing, onPreview, onValidate, onPublish }: Props) {
  const { t } = useTranslation('authoring');
  return (
    <header className="ws-header">
      <div className="ws-header__title">
        <p className="ws-header__eyebrow">
          {rich(
            t,
            'header.eyebrow',
            { home: <Link to="/authoring">{t('home.title')}</Link>, slug: <code>{draft.scenario.slug}</code> },
            { base: draft.baseVersion?.version ?? '', hasBase: draft.baseVersion ? 'yes' : 'no' },
          )}
        </p>
        <h1 ref={headingRef} tabIndex={-1} className="ws-header__heading">
          {draft.scenario.title}
        </h1>
      </div>
      <div className="ws-header__status">
        {editable ? <SaveSummary selectFiles={selectDraftFiles} /> : <span className="pill pill--closed">{closedBy ? t('header.closed') : t('header.readOnly')}</span>}
        <ValidationPill state={validationState} passed={validationPassed} running={validating} />
      </div>
      <div className="ws-header__actions">
        {closedBy ? null : (
          <button type="button" className="btn" onClick={onPreview} aria-disabled={previewing || undefined}>
            {previewing ? t('header.openingPreview') : t('header.preview')}
          </button>
        )}
        {editable ? (
          <>
            <button type="button" className="btn" onClick={onValidate} aria-disabled={validating || undefined}>
              {validating ? t('header.validating') : t('header.validate')}
            </button>
            <button type="button" className="btn btn--primary" onClick={onPublish}>
              {t('header.publish')}
            </button>
          </>
        ) : (
          <Link to="/authoring" className="btn">
            {t('common.backToAuthoring')}
          </Link>
        )}
      </div>
    </header>
  );
}

function ValidationPill({ state, passed, running }: { state: ValidationState; passed: boolean; running: boolean }) {
  const { t } = useTranslation('authoring');
  if (running) return <span className="pill pill--validating">{t('header.validating')}</span>;
  if (state === 'none') return <span className="pill pill--unvalidated">{t('header.pill.none')}</span>;
  if (state === 'stale') return <span className="pill pill--unvalidated">{t('header.pill.stale')}</span>;
  return passed ? <span className="pill pill--graded">{t('header.pill.passed')}</span> : <span className="pill pill--invalid">{t('header.pill.failed')}</span>;
}
