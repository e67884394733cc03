/** Programmatic API: the same core the CLI drives, callable without it. */
export { loadCatalogue, loadScenarioFile, selectScenarios, BUILTIN_SCENARIOS_DIR } from './catalogue/load-catalogue.js';
export type { Scenario } from './catalogue/scenario-schema.js';
export { parseRunOptions, type RunOptions } from './options.js';
export { runCommand, type RunIo, type RunOutcome } from './commands/run-command.js';
export { planRun, type CellGroup, type PlannedCell } from './plan/planner.js';
export { runSuite, removeRunTempDirs } from './run/run-suite.js';
export { PythonExecutor, killAllSamples } from './executor/python-executor.js';
export { MockExecutor, mockReply } from './executor/mock-executor.js';
export type { Executor, SampleOutcome, SampleRequest } from './executor/executor.js';
export { resolveInterpreter } from './python/interpreter.js';
export { readResults } from './results/read-results.js';
export { reportCommand } from './commands/report-command.js';
export { RESULTS_SCHEMA, type ResultsDocument, type Cell } from './results/results-schema.js';
export { REPORTERS } from './report/reporters.js';
export { PyconcError, UsageError, InputError, ExitCode } from './core/errors.js';
