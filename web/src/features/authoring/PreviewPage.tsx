import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ClientEvents } from '../../../../server/contract/realtime';
import type { AttemptView } from '../../../../server/contract/workspace';
import { useAppDispatch } from '../../app/hooks';
import { toProblem } from '../../app/problem';
import { request } from '../../app/socket';
import { Banner } from '../../components/Banner';
import { previewSource, type WorkspaceSource } from '../../workspace/source';
import { Workspace } from '../../workspace/WorkspacePage';
import { useGetPreviewQuery } from './previewApi';

type Skipped = { skippedMs: number; delivered: number };

/**
 * "Preview as student": the student workspace on the server's in-memory preview of a draft,
 * with the author's controls around it (skip to the next event, back to the draft). Lazily
 * loaded with Monaco, like the workspace.
 */
export default function PreviewPage() {
  const { previewId = '' } = useParams();
  const source = useMemo(() => previewSource(previewId), [previewId]);
  const { data, error, isLoading } = useGetPreviewQuery(previewId, { refetchOnMountOrArgChange: true });
  const problem = toProblem(error);
  const { t } = useTranslation('authoring');
  if (isLoading) {
    return (
      <div className="splash" role="status">
        {t('preview.opening')}
      </div>
    );
  }
  if (!data?.preview) {
    return (
      <div className="ws-error">
        <Banner tone="error">
          {problem && problem.status !== 404
            ? problem.message
            : t('preview.ended')}
        </Banner>
        <p>
          <Link to="/authoring">{t('common.backToAuthoring')}</Link>
        </p>
      </div>
    );
  }
  return <PreviewWorkspace key={data.id} view={data} source={source} />;
}

function PreviewWorkspace({ view, source }: { view: AttemptView; source: WorkspaceSource }) {
  const dispatch = useAppDispatch();
  const { t } = useTranslation('authoring');
  const draftPath = `/authoring/drafts/${view.preview!.draftId}`;
  const [skipping, setSkipping] = useState(false);
  const [skipNote, setSkipNote] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);

  /** 65 minutes → "1 h 5 min" / "1 小时 5 分钟". */
  const duration = (ms: number) => {
    const hours = Math.floor(ms / 3_600_000);
    const minutes = Math.round((ms % 3_600_000) / 60_000);
    return t('preview.duration', { hours, minutes, shape: hours > 0 && minutes > 0 ? 'both' : hours > 0 ? 'hours' : 'minutes' });
  };

  const skip = async () => {
    if (skipping) return;
    setSkipping(true);
    setSkipNote(null);
    const ack = await request<Skipped>(ClientEvents.previewSkip, source.ref);
    setSkipping(false);
    if (!ack.ok) {
      setSkipNote({ tone: 'error', text: ack.error.code === 'offline' ? t('preview.skipOffline') : ack.error.message });
      return;
    }
    const { skippedMs, delivered } = ack.data;
    const moved = skippedMs - (view.preview?.skippedMs ?? 0);
    // The countdown follows the scenario clock; the messages themselves arrive as event.delivered.
    source.edit(dispatch, (v) => {
      if (v.preview) v.preview.skippedMs = skippedMs;
    });
    // To the nearest minute: the skip lands on the event, a few seconds after the last whole one.
    const roundedMs = Math.round(moved / 60_000) * 60_000;
    setSkipNote({
      tone: 'info',
      text: t('preview.skipped', { moved: roundedMs > 0 ? duration(roundedMs) : t('preview.underMinute'), count: delivered }),
    });
  };

  const banner = (
    <>
      <Banner tone="info">
        <strong>{t('preview.bannerTitle')}</strong> {t('preview.bannerBody')}
      </Banner>
      {skipNote ? (
        <Banner tone={skipNote.tone} onDismiss={() => setSkipNote(null)}>
          {skipNote.text}
        </Banner>
      ) : null}
    </>
  );
  const actions = (
    <>
      <button type="button" className="btn" onClick={() => void skip()} aria-disabled={skipping || undefined}>
        {skipping ? t('preview.skipping') : t('preview.skip')}
      </button>
      <Link to={draftPath} className="btn btn--primary">
        {t('preview.back')}
      </Link>
    </>
  );
  return <Workspace attempt={view} source={source} preview={{ banner, actions }} />;
}
