import { useEffect, useState } from 'react';
import type { CompetencyOption, PackageProblemView } from '../../../../server/contract/authoring';
import { monaco } from '../../workspace/monaco';
import { installScenarioYamlSupport, setManifestMarkers, type ScenarioYamlSupport } from './manifest';

/**
 * scenario.yaml in the draft editor: completion and hover from the package schema, competency
 * codes and file names, and the problems placed on the offending values.
 */
export function useScenarioYamlSupport(competencies: CompetencyOption[] | undefined, paths: ReadonlySet<string>, shownProblems: PackageProblemView[]): void {
  const [yamlSupport, setYamlSupport] = useState<ScenarioYamlSupport | null>(null);
  useEffect(() => {
    const support = installScenarioYamlSupport(monaco);
    setYamlSupport(support);
    return () => support.dispose();
  }, []);
  useEffect(() => {
    if (yamlSupport && competencies) yamlSupport.setCompetencies(competencies);
  }, [yamlSupport, competencies]);
  const pathList = [...paths].sort().join('\n');
  useEffect(() => {
    if (!yamlSupport) return;
    yamlSupport.setPackageFiles(pathList.split('\n'));
    return () => yamlSupport.setPackageFiles(null);
  }, [yamlSupport, pathList]);
  useEffect(() => {
    const model = monaco.editor.getModel(monaco.Uri.file('scenario.yaml'));
    if (yamlSupport && model) setManifestMarkers(model, shownProblems);
  }, [shownProblems, yamlSupport]);
}
