import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../app/format';
import type { CourseReport, ModuleView } from '../../../../server/contract/competency';
import { toProblem } from '../../app/problem';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { AdjustmentForm } from './AdjustmentForm';
import { AdjustmentLog } from './AdjustmentLog';
import { useDeleteModuleMutation } from './competencyApi';
import { ModuleDialog } from './ModuleDialog';
import { moduleAnchor } from './moduleFocus';

type Editing = { module: ModuleView | null } | null;

function ModuleCard({ report, module, onEdit, onDelete }: { report: CourseReport; module: ModuleView; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation('competency');
  const adjustments = report.adjustments.filter((a) => a.module.id === module.id);
  const headingId = `${moduleAnchor(module.id)}-title`;
  return (
    <li>
      <section id={moduleAnchor(module.id)} className="course-module" aria-labelledby={headingId}>
        <div className="course-module__head">
          <h3 id={headingId} className="course-module__title" tabIndex={-1} data-module-heading>
            {/* Titles such as "Module 2: SQL" already say where they stand. */}
            {/^(module\b|模块)/i.test(module.title) ? null : <span className="course-module__position">{t('modules.position', { position: module.position })}</span>} {module.title}
          </h3>
          <div className="course-module__actions">
            <button type="button" className="btn btn--small" onClick={onEdit}>
              {t('modules.edit')}
              <span className="visually-hidden">{t('modules.what', { title: module.title })}</span>
            </button>
            <button type="button" className="btn btn--small btn--quiet" onClick={onDelete}>
              {t('modules.delete')}
              <span className="visually-hidden">{t('modules.what', { title: module.title })}</span>
            </button>
          </div>
        </div>
        {module.description ? <p className="course-module__description">{module.description}</p> : null}
        {module.competencies.length === 0 ? (
          <p className="muted">{t('modules.noCompetencies')}</p>
        ) : (
          <ul className="course-module__competencies" aria-label={t('modules.taughtIn', { title: module.title })}>
            {module.competencies.map((c) => (
              <li key={c.code} className="competency-chip">
                {c.title} <span className="competency-chip__code">{c.code}</span>
                {c.weight !== 1 ? <span className="competency-chip__weight">{t('modules.weight', { weight: formatNumber(c.weight) })}</span> : null}
              </li>
            ))}
          </ul>
        )}
        <div className="course-module__body">
          <AdjustmentForm courseId={report.course.id} module={module} />
          <AdjustmentLog adjustments={adjustments} moduleTitle={module.title} />
        </div>
      </section>
    </li>
  );
}

/** The course's modules in order, what each teaches, and the log of adjustments made to it. */
export function ModulesSection({ report }: { report: CourseReport }) {
  const { t } = useTranslation('competency');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ModuleView | null>(null);
  const [notice, setNotice] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);
  const [remove, removal] = useDeleteModuleMutation();
  const modules = [...report.modules].sort((a, b) => a.position - b.position);
  const removeProblem = toProblem(removal.error);

  const confirmDelete = async () => {
    if (!deleting || removal.isLoading) return;
    const result = await remove({ courseId: report.course.id, moduleId: deleting.id });
    if (!('error' in result)) {
      setNotice(t('modules.deleted', { title: deleting.title }));
      setDeleting(null);
      // The Delete button that opened the dialog is gone with its module: continue from "Add a module".
      requestAnimationFrame(() => addButton.current?.focus());
    }
  };

  return (
    <>
      <div className="report-section__bar">
        <p className="section__intro">{t('modules.intro')}</p>
        <button type="button" className="btn" ref={addButton} onClick={() => setEditing({ module: null })}>
          {t('modules.add')}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {modules.length === 0 ? (
        <EmptyState title={t('modules.emptyTitle')}>{t('modules.emptyBody')}</EmptyState>
      ) : (
        <ol className="course-module-list">
          {modules.map((m) => (
            <ModuleCard key={m.id} report={report} module={m} onEdit={() => setEditing({ module: m })} onDelete={() => setDeleting(m)} />
          ))}
        </ol>
      )}
      {editing ? (
        <ModuleDialog
          courseId={report.course.id}
          module={editing.module}
          count={modules.length}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setNotice(created ? t('modules.added', { title: saved.title }) : t('modules.saved', { title: saved.title }));
            setEditing(null);
          }}
        />
      ) : null}
      <Dialog
        open={deleting !== null}
        title={deleting ? t('modules.deleteTitle', { title: deleting.title }) : t('modules.deleteFallback')}
        onClose={() => {
          removal.reset();
          setDeleting(null);
        }}
        busy={removal.isLoading}
        actions={
          <>
            <button type="button" className="btn btn--destroy" onClick={() => void confirmDelete()} aria-disabled={removal.isLoading || undefined}>
              {removal.isLoading ? t('modules.deleting') : t('modules.deleteConfirm')}
            </button>
            <button
              type="button"
              className="btn btn--quiet"
              onClick={() => {
                removal.reset();
                setDeleting(null);
              }}
              disabled={removal.isLoading}
            >
              {t('modules.keep')}
            </button>
          </>
        }
      >
        {removeProblem ? (
          <div className="banner banner--error" role="alert">
            <div className="banner__body">{removeProblem.message}</div>
          </div>
        ) : null}
        <p>{t('modules.deleteBody')}</p>
      </Dialog>
    </>
  );
}
