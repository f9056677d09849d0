import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDocument } from 'yaml';
import { optionsForFramework } from '../../../../server/scenarios/competencyRefs';
import type { CompetencyOption } from '../../../../server/contract/authoring';
import { RubricEditor, ScenarioCompetencies } from './manifest';

type Props = {
  yamlText: string;
  competencies: CompetencyOption[] | undefined;
  readOnly: boolean;
  /** The new scenario.yaml text: it goes through the editor and the save queue like typing. */
  onChange: (yamlText: string) => void;
};

/**
 * "Rubric & competencies", beside scenario.yaml: the scenario's competencies and each task's
 * rubric, built with pickers and forms (./manifest/) so a non-programmer need not write YAML.
 * Every change is new text for the open file, undoable in the editor, autosaved like typing.
 */
export function ManifestPanel({ yamlText, competencies: all, readOnly, onChange }: Props) {
  const { t } = useTranslation('authoring');
  const framework = useMemo(() => frameworkOf(yamlText), [yamlText]);
  // With `framework:`, the pickers offer that framework's competencies only, as the checks read codes in it.
  const competencies = useMemo(() => all && optionsForFramework(all, framework), [all, framework]);
  if (!competencies) return <p className="muted">{t('manifest.loading')}</p>;
  return (
    <div className="manifest-panel">
      <ScenarioCompetencies yamlText={yamlText} competencies={competencies} readOnly={readOnly} onChange={onChange} />
      <RubricEditor yamlText={yamlText} competencies={competencies} readOnly={readOnly} onChange={onChange} />
    </div>
  );
}

/** The package's `framework:`, read leniently: the file may be half-typed. */
function frameworkOf(yamlText: string): string | undefined {
  try {
    const value: unknown = parseDocument(yamlText).get('framework');
    return typeof value === 'string' && value.trim() ? value : undefined;
  } catch {
    return undefined;
  }
}
