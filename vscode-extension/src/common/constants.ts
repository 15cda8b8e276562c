// Names shared by the extension's modules: settings section, command ids, protocol methods.

export const CONFIG_SECTION = 'llmBrief';
export const SERVER_ID = 'llmBrief';
export const SERVER_NAME = 'LLM Brief';
export const SERVER_MODULE = 'llm_brief_lsp';
export const PIP_REQUIREMENT = 'llm-brief[lsp]';
export const DEFAULT_DASHBOARD_PATH = '.llm-brief/dashboard.json';
export const BRIEFING_FILE = 'briefing.md';
export const PYTHON_EXTENSION_ID = 'ms-python.python';
export const TASK_TYPE = 'llmBrief';

/** The extension's own commands (contributed in package.json). */
export const Commands = {
  runTests: 'llmBrief.runTests',
  // Not `llmBrief.openBriefing`: that id belongs to the server, and vscode-languageclient registers
  // every id the server announces; a second registration of the same id would fail.
  showBriefing: 'llmBrief.showBriefing',
  restartServer: 'llmBrief.restartServer',
  showServerLog: 'llmBrief.showServerLog',
} as const;

/** Commands the server implements (`workspace/executeCommand`); the language client registers them. */
export const ServerCommands = {
  openBriefing: 'llmBrief.openBriefing',
  copyRerun: 'llmBrief.copyRerun',
  rerun: 'llmBrief.rerun',
} as const;

/** Custom protocol: the server pushes `llmBrief/status`, and answers `llmBrief/getStatus`. */
export const STATUS_NOTIFICATION = 'llmBrief/status';
export const GET_STATUS_REQUEST = 'llmBrief/getStatus';
