import { useTranslation } from 'react-i18next';
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
export function ManifestPanel({ yamlText, competencies, readOnly, onChange }: Props) {
  const { t } = useTranslation('authoring');
  if (!competencies) return <p className="muted">{t('manifest.loading')}</p>;
  return (
    <div className="manifest-panel">
      <ScenarioCompetencies yamlText={yamlText} competencies={competencies} readOnly={readOnly} onChange={onChange} />
      <RubricEditor yamlText={yamlText} competencies={competencies} readOnly={readOnly} onChange={onChange} />
    </div>
  );
}
