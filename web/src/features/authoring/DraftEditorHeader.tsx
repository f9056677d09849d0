import type { RefObject } from 'react';
import { Link } from 'react-router';
import type { DraftView } from '../../../../server/contract/authoring';
import { SaveSummary } from '../../workspace/SaveSummary';
import type { PublishResult } from './authoringApi';
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
  return (
    <header className="ws-header">
      <div className="ws-header__title">
        <p className="ws-header__eyebrow">
          <Link to="/authoring">Authoring</Link> · draft of <code>{draft.scenario.slug}</code> ·{' '}
          {draft.baseVersion ? `next version after ${draft.baseVersion.version}` : 'not published yet'}
        </p>
        <h1 ref={headingRef} tabIndex={-1} className="ws-header__heading">
          {draft.scenario.title}
        </h1>
      </div>
      <div className="ws-header__status">
        {editable ? <SaveSummary selectFiles={selectDraftFiles} /> : <span className="pill pill--closed">{closedBy ? 'Closed' : 'Read-only'}</span>}
        <ValidationPill state={validationState} passed={validationPassed} running={validating} />
      </div>
      <div className="ws-header__actions">
        {closedBy ? null : (
          <button type="button" className="btn" onClick={onPreview} aria-disabled={previewing || undefined}>
            {previewing ? 'Opening the preview…' : 'Preview as student'}
          </button>
        )}
        {editable ? (
          <>
            <button type="button" className="btn" onClick={onValidate} aria-disabled={validating || undefined}>
              {validating ? 'Validating…' : 'Validate'}
            </button>
            <button type="button" className="btn btn--primary" onClick={onPublish}>
              Publish…
            </button>
          </>
        ) : (
          <Link to="/authoring" className="btn">
            Back to Authoring
          </Link>
        )}
      </div>
    </header>
  );
}

function ValidationPill({ state, passed, running }: { state: ValidationState; passed: boolean; running: boolean }) {
  if (running) return <span className="pill pill--validating">Validating…</span>;
  if (state === 'none') return <span className="pill pill--unvalidated">Not validated</span>;
  if (state === 'stale') return <span className="pill pill--unvalidated">Changed since validation</span>;
  return passed ? <span className="pill pill--graded">Validated</span> : <span className="pill pill--invalid">Validation failed</span>;
}
