/**
 * scenario.yaml helpers of the draft editor: Monaco support (completion, hover, markers), the
 * rubric editor and the competency pickers, and the YAML edits behind them.
 */
export { installScenarioYamlSupport, setManifestMarkers, MARKER_OWNER, type ScenarioYamlSupport } from './scenarioYaml';
export { manifestJsonSchema, type JsonSchema } from './manifestSchema';
export { RubricEditor } from './RubricEditor';
export { CompetencyField, type PickedCompetency } from './CompetencyField';
export { ScenarioCompetencies } from './ScenarioCompetencies';
export { readOutline, readRubric, addCriterion, updateCriterion, removeCriterion, moveCriterion, validateCriterion, type CriterionDraft } from './rubricYaml';
export { readCheckWeights, setCheckWeights, setScenarioCompetencies, weightUses } from './competencyYaml';
export { editYaml, YamlSyntaxError } from './yamlEdit';
