import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { useStore } from 'react-redux';
import { Link, useNavigate, useParams } from 'react-router';
import type { DraftValidationProgress, DraftValidationView, DraftView, PublishDraftInput } from '../../../../server/contract/authoring';
import { ClientEvents } from '../../../../server/contract/realtime';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { toProblem } from '../../app/problem';
import { request } from '../../app/socket';
import type { AppStore } from '../../app/store';
import { Banner } from '../../components/Banner';
import { usePageHeading } from '../../components/Page';
import { SaveQueue, type SaveTarget } from '../../workspace/autosave';
import type { EditorMarker } from '../../workspace/CodeEditor';
import { ConflictDialog } from '../../workspace/ConflictDialog';
import { dropAllDrafts, loadDrafts } from '../../workspace/drafts';
import { EditorArea } from '../../workspace/EditorArea';
import { isDirty } from '../../workspace/fileSet';
import { FileTree } from '../../workspace/FileTree';
import { PanelTabs, TabPanel, type PanelTab } from '../../workspace/PanelTabs';
import { ConflictNotice, LinkNotice } from '../../workspace/Notices';
import { useFileEditing } from '../../workspace/useFileEditing';
import { authoringApi, useGetDraftQuery, useListAuthoringCompetenciesQuery, usePublishDraftMutation, type PublishResult } from './authoringApi';
import {
  draftFiles,
  draftOpened,
  fileOpened,
  selectDraftActivePath,
  selectDraftFiles,
  selectEditorDraftId,
} from './draftEditorSlice';
import { DraftEditorHeader } from './DraftEditorHeader';
import { DraftFileActions } from './DraftFileActions';
import { AddFileDialog, DeleteFileDialog } from './FileDialogs';
import { ManifestPanel } from './ManifestPanel';
import { ProblemsPanel } from './ProblemsPanel';
import { markerMessage } from './manifest/markers';
import { previewPath, useStartPreviewMutation } from './previewApi';
import { PublishDialog } from './PublishDialog';
import { TranslationPane } from './TranslationPane';
import { useDraftFileRequests } from './useDraftFileRequests';
import { useDraftRoom } from './useDraftRoom';
import { useEquivalentMarks } from './useEquivalentMarks';
import { useLiveChecks } from './useLiveChecks';
import { useScenarioYamlSupport } from './useScenarioYamlSupport';
import { ValidationPanel, type ValidationRun, type ValidationState } from './ValidationPanel';
import './draftEditor.css';

/** Mutant runs take a while on a big package; the server streams progress meanwhile. */
const VALIDATE_TIMEOUT_MS = 10 * 60_000;

/** Where a draft's unsent edits are kept in localStorage (apart from any attempt's). */
const keptAs = (draftId: string) => `authoring:${draftId}`;

function draftTarget(draftId: string): SaveTarget {
  return {
    event: ClientEvents.draftFileSave,
    ref: { draftId },
    keptAs: keptAs(draftId),
    files: draftFiles,
    closedMessage: () => i18next.t('authoring:editor.closedSave'),
  };
}

/** The route element: loads the draft, then the editor for it. Lazily loaded with Monaco. */
export default function DraftEditorPage() {
  const { t } = useTranslation('authoring');
  const { draftId = '' } = useParams();
  const { data, error, isLoading, fulfilledTimeStamp } = useGetDraftQuery(draftId, { refetchOnMountOrArgChange: true });
  // A copy cached on an earlier visit (before a preview, say) has the files as they were then:
  // the editor opens on this visit's copy, so it never shows older files or a stale validation.
  const [openedAt] = useState(() => Date.now());
  const fresh = (fulfilledTimeStamp ?? 0) >= openedAt;
  const problem = toProblem(error);
  if (isLoading || (data && !fresh && !error)) {
    return (
      <div className="splash" role="status">
        {t('editor.opening')}
      </div>
    );
  }
  if (!data || !fresh) {
    return (
      <div className="ws-error">
        <Banner tone="error">
          {problem?.status === 404 ? t('editor.notFound') : (problem?.message ?? t('editor.loadFailed'))}
        </Banner>
        <p>
          <Link to="/authoring">{t('common.backToAuthoring')}</Link>
        </p>
      </div>
    );
  }
  return <DraftEditor key={data.id} draft={data} />;
}

/** Opens the draft's files (with edits this browser kept) and its save queue, then the workbench. */
function DraftEditor({ draft }: { draft: DraftView }) {
  const store = useStore() as AppStore;
  const dispatch = useAppDispatch();
  const [saver, setSaver] = useState<SaveQueue | null>(null);
  const ready = useAppSelector(selectEditorDraftId) === draft.id;
  const { t } = useTranslation('authoring');

  useEffect(() => {
    // A reviewer never edits, so nothing kept on this device can be theirs to send.
    const kept = draft.canEdit ? loadDrafts(keptAs(draft.id)) : {};
    dispatch(draftOpened({ draftId: draft.id, files: draft.files, kept }));
    const queue = new SaveQueue(draftTarget(draft.id), store);
    if (draft.canEdit) queue.pruneDrafts();
    setSaver(queue);
    return () => queue.dispose();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- opened once (the component is keyed by the draft): saves change the files after
  }, [draft.id]);

  if (!ready || !saver) {
    return (
      <div className="splash" role="status">
        {t('editor.opening')}
      </div>
    );
  }
  return <Workbench draft={draft} saver={saver} />;
}

type Tab = 'problems' | 'validation' | 'manifest';

function Workbench({ draft, saver }: { draft: DraftView; saver: SaveQueue }) {
  const store = useStore() as AppStore;
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const { t } = useTranslation('authoring');
  const headingRef = usePageHeading(t('editor.pageTitle', { title: draft.scenario.title }));
  const files = useAppSelector(selectDraftFiles);
  const active = useAppSelector(selectDraftActivePath);
  const { data: competencies } = useListAuthoringCompetenciesQuery();
  const live = useLiveChecks(draft.scenario.slug, files, competencies);
  const [publishDraft] = usePublishDraftMutation();
  const [startPreview, previewState] = useStartPreviewMutation();

  const [tab, setTab] = useState<Tab>('problems');
  const [run, setRun] = useState<ValidationRun>({ running: false, progress: null, error: null });
  const [resolving, setResolving] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [closedBy, setClosedBy] = useState<PublishResult | null>(null);
  const ownRun = useRef(false);
  const publishedHere = useRef(false);

  const editable = draft.canEdit && !closedBy;
  const paths = useMemo(() => new Set(Object.keys(files)), [files]);
  const validation = draft.validation;
  const validationState: ValidationState = !validation ? 'none' : validation.contentHash === live.contentHash ? 'current' : 'stale';

  const onProgress = useCallback(
    (progress: DraftValidationProgress) => {
      if (progress.phase !== 'done') {
        setRun((r) => ({ ...r, running: true, progress }));
        return;
      }
      // Another author's run finished: its result comes with a fresh copy of the draft.
      if (!ownRun.current) {
        dispatch(authoringApi.util.invalidateTags([{ type: 'Draft', id: draft.id }]));
        setRun((r) => ({ ...r, running: false, progress: null }));
      }
    },
    [dispatch, draft.id],
  );
  const onPublished = useCallback((result: PublishResult) => {
    if (!publishedHere.current) setClosedBy(result);
  }, []);
  useDraftRoom(draft.id, saver, { onProgress, onPublished });

  const { reveal, openAt, onEdit, onSaveNow, onResolve } = useFileEditing(draftFiles, saver, () => setResolving(null));

  /** Saves what is waiting; resolves with the files that still are not saved. */
  const flush = async () => {
    await saver.flushAll();
    return Object.values(selectDraftFiles(store.getState()))
      .filter((f) => isDirty(f) || f.conflict)
      .map((f) => f.path);
  };

  const validate = async () => {
    if (run.running) return;
    setTab('validation');
    setRun({ running: true, progress: null, error: null });
    const unsaved = await flush();
    if (unsaved.length > 0) {
      setRun({ running: false, progress: null, error: t('editor.unsavedValidate', { files: unsaved.join(', '), count: unsaved.length }) });
      return;
    }
    ownRun.current = true;
    const ack = await request<DraftValidationView>(ClientEvents.draftValidate, { draftId: draft.id }, VALIDATE_TIMEOUT_MS);
    ownRun.current = false;
    if (ack.ok) {
      dispatch(authoringApi.util.updateQueryData('getDraft', draft.id, (d) => void (d.validation = ack.data)));
      setRun({ running: false, progress: null, error: null });
    } else {
      setRun({
        running: false,
        progress: null,
        error: ack.error.code === 'offline' ? t('editor.validateOffline') : t('editor.validateFailed', { reason: ack.error.message }),
      });
    }
  };

  /** The workspace a student would get from the draft as saved now: pending edits go first. */
  const preview = async () => {
    if (previewState.isLoading) return;
    setPreviewError(null);
    const unsaved = editable ? await flush() : [];
    if (unsaved.length > 0) {
      setPreviewError(t('editor.unsavedPreview', { files: unsaved.join(', '), count: unsaved.length }));
      return;
    }
    const result = await startPreview(draft.id);
    if ('error' in result) {
      const problem = toProblem(result.error);
      if (problem?.status === 409) setTab('problems');
      setPreviewError(problem?.status === 409 ? t('editor.previewProblems', { reason: problem.message }) : (problem?.message ?? t('editor.previewFailed')));
      return;
    }
    await navigate(previewPath(result.data.previewId));
  };

  const publish = async (input: PublishDraftInput) => {
    publishedHere.current = true;
    const result = await publishDraft({ draftId: draft.id, ...input });
    if ('error' in result) {
      publishedHere.current = false;
      return { error: result.error };
    }
    dropAllDrafts(keptAs(draft.id));
    await navigate(`/authoring?published=${result.data.versionId}`);
    return {};
  };

  const { createFile, deleteFile } = useDraftFileRequests(draft.id, saver);

  const { marks, actions: markActions } = useEquivalentMarks(files, () => selectDraftFiles(store.getState()), onEdit, createFile);

  // Problems under their lines: scenario.yaml's placed on the offending value by the manifest
  // support (./manifest), every other file's on its line.
  const shownProblems = useMemo(
    () => [...live.problems, ...(validationState === 'current' ? (validation?.problems ?? []) : [])],
    [live.problems, validation, validationState],
  );
  const markers = useMemo<EditorMarker[]>(
    () =>
      shownProblems
        .filter((p) => p.line !== undefined && p.file !== 'scenario.yaml')
        .map((p) => ({ path: p.file, line: p.line!, message: markerMessage(p), severity: 'error' })),
    [shownProblems],
  );

  // scenario.yaml: completion and hover from the package schema, competency codes, file names.
  useScenarioYamlSupport(competencies, paths, shownProblems);

  const problemCount = live.problems.length + (validationState === 'current' && validation ? validation.problems.filter((p) => !live.problems.some((l) => l.message === p.message && l.file === p.file)).length : 0);
  const manifestOpen = active === 'scenario.yaml';
  const panelTabs: PanelTab[] = [
    {
      id: 'problems',
      label: t('editor.tabs.problems'),
      badge:
        problemCount > 0 ? (
          <span className="badge badge--problems">
            {problemCount}
            <span className="visually-hidden">{t('editor.tabs.problemCount', { count: problemCount })}</span>
          </span>
        ) : undefined,
    },
    { id: 'validation', label: t('editor.tabs.validation') },
    ...(manifestOpen ? [{ id: 'manifest', label: t('editor.tabs.manifest') }] : []),
  ];
  const shownTab = panelTabs.some((p) => p.id === tab) ? tab : 'problems';
  const activeFile = active ? files[active] : undefined;
  const readOnlyMessage = closedBy ? t('editor.closedMessage') : t('editor.readOnlyMessage');

  return (
    <div className="ws draft-editor">
      <DraftEditorHeader
        draft={draft}
        headingRef={headingRef}
        editable={editable}
        closedBy={closedBy}
        validationState={validationState}
        validationPassed={validation?.passed ?? false}
        validating={run.running}
        previewing={previewState.isLoading}
        onPreview={() => void preview()}
        onValidate={() => void validate()}
        onPublish={() => setPublishOpen(true)}
      />

      <div className="ws-notices">
        {closedBy ? (
          <Banner tone="info">
            {t('editor.closedBy', { version: closedBy.version })}{' '}
            <Link to={`/authoring?published=${closedBy.versionId}`}>{t('editor.seeNewVersion')}</Link>
          </Banner>
        ) : null}
        {!draft.canEdit ? <Banner tone="info">{t('editor.readOnlyBanner')}</Banner> : null}
        {previewError ? (
          <Banner tone="error" onDismiss={() => setPreviewError(null)}>
            {previewError}
          </Banner>
        ) : null}
        {uploadError ? (
          <Banner tone="error" onDismiss={() => setUploadError(null)}>
            {uploadError}
          </Banner>
        ) : null}
        <ConflictNotice selectFiles={selectDraftFiles} changedBy={t('editor.conflictChangedBy')} onResolve={setResolving} />
        <LinkNotice />
      </div>

      <div className="ws-body draft-editor__body">
        <FileTree
          files={files}
          activePath={active}
          onOpen={(path) => dispatch(fileOpened(path))}
          actions={
            editable ? (
              <DraftFileActions
                paths={paths}
                deletable={activeFile && active && active !== 'scenario.yaml' ? active : null}
                createFile={createFile}
                onUploadError={setUploadError}
                onAdd={() => setAdding(true)}
                onDelete={setDeleting}
              />
            ) : null
          }
        />
        <TranslationPane files={files} active={active} editable={editable} readOnlyMessage={readOnlyMessage} onEdit={onEdit} onSaveNow={onSaveNow} markers={markers} createFile={createFile}>
          {(split) => <EditorArea files={draftFiles} readOnly={!editable} readOnlyMessage={readOnlyMessage} onEdit={onEdit} onSaveNow={onSaveNow} reveal={reveal} markers={markers} wordWrap={split} />}
        </TranslationPane>
        <aside className="ws-side" aria-label={t('editor.side')}>
          <PanelTabs label={t('editor.side')} tabs={panelTabs} selected={shownTab} onSelect={(id) => setTab(id as Tab)} />
          <TabPanel id={shownTab}>
            {shownTab === 'problems' ? (
              <ProblemsPanel
                live={live.problems}
                validation={validation}
                validationCurrent={validationState === 'current'}
                competenciesKnown={live.competenciesKnown}
                paths={paths}
                onOpen={openAt}
              />
            ) : null}
            {shownTab === 'validation' ? (
              <ValidationPanel validation={validation} state={validationState} run={run} paths={paths} onOpen={openAt} marks={marks} markActions={editable ? markActions : undefined} />
            ) : null}
            {shownTab === 'manifest' ? (
              <ManifestPanel yamlText={files['scenario.yaml']?.content ?? ''} competencies={competencies} readOnly={!editable} onChange={(text) => onEdit('scenario.yaml', text)} />
            ) : null}
          </TabPanel>
        </aside>
      </div>

      <ConflictDialog
        file={resolving && files[resolving]?.conflict ? files[resolving] : null}
        elsewhere={t('editor.conflictElsewhere')}
        onClose={() => setResolving(null)} onResolve={onResolve} />
      <AddFileDialog open={adding} existing={paths} onClose={() => setAdding(false)} create={createFile} />
      <DeleteFileDialog path={deleting} dirty={deleting ? Boolean(files[deleting] && isDirty(files[deleting])) : false} onClose={() => setDeleting(null)} remove={deleteFile} />
      {editable ? (
        <PublishDialog
          open={publishOpen}
          draft={draft}
          validation={{ state: validationState, passed: validation?.passed ?? false }}
          onClose={() => setPublishOpen(false)}
          flush={flush}
          publish={publish}
        />
      ) : null}
    </div>
  );
}

