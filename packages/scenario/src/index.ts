export { loadScenarioFile, parseScenario, ScenarioFileError, durationSeconds } from './load.js';
export { SCENARIO_SCHEMA } from './schema.js';
export type * from './format.js';
export { VENDORS, KEY_MODES } from './format.js';
export { runScenario } from './run/run-scenario.js';
export type { ScenarioResult, StepResult, RunOptions } from './run/run-scenario.js';
export { pattern } from './run/values.js';
export { findScenarioFiles, loadScenarios, runScenarios } from './library.js';
export { writeReport } from './report.js';
