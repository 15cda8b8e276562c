// The `llmBrief.*` settings: reading them, checking them, and the part the server receives.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { CONFIG_SECTION, DEFAULT_DASHBOARD_PATH } from './constants';

export type DiagnosticLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** How each kind of finding shows in the Problems panel. */
export interface SeverityMapping {
  critical: DiagnosticLevel;
  /** Root causes by the analyzer's own severity: error (`issue`), warning, info. */
  issue: DiagnosticLevel;
  warning: DiagnosticLevel;
  info: DiagnosticLevel;
  test: DiagnosticLevel;
  logPattern: DiagnosticLevel;
}

export interface Settings {
  enable: boolean;
  python: string;
  dashboardPath: string;
  severity: SeverityMapping;
  maxTestDiagnosticsPerIssue: number;
}

/** What the server reads: `initializationOptions`, and the `llmBrief` section of `workspace/configuration`. */
export interface ServerSettings {
  dashboardPath: string;
  severity: SeverityMapping;
  maxTestDiagnosticsPerIssue: number;
}

export const DEFAULT_SEVERITY: Readonly<SeverityMapping> = Object.freeze({
  critical: 'error',
  issue: 'error',
  warning: 'warning',
  info: 'information',
  test: 'information',
  logPattern: 'warning',
});
/** The server's own default, so the setting's default changes nothing. */
export const DEFAULT_MAX_TEST_DIAGNOSTICS = 3;

const LEVELS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Keep the known keys with valid levels; anything else falls back to the default. */
export function normalizeSeverity(value: unknown): SeverityMapping {
  const result: SeverityMapping = { ...DEFAULT_SEVERITY };
  if (value === null || typeof value !== 'object') {
    return result;
  }
  for (const key of Object.keys(DEFAULT_SEVERITY) as (keyof SeverityMapping)[]) {
    const level = (value as Record<string, unknown>)[key];
    if (typeof level === 'string' && LEVELS.includes(level.toLowerCase())) {
      result[key] = level.toLowerCase() as DiagnosticLevel;
    }
  }
  return result;
}

/** Read the settings for a folder (or the window, without one). */
export function getSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const max = config.get<number>('maxTestDiagnosticsPerIssue', DEFAULT_MAX_TEST_DIAGNOSTICS);
  const dashboardPath = config.get<string>('dashboardPath', DEFAULT_DASHBOARD_PATH).trim();
  return {
    enable: config.get<boolean>('enable', true) !== false,
    python: (config.get<string>('python', '') ?? '').trim(),
    dashboardPath: dashboardPath || DEFAULT_DASHBOARD_PATH,
    severity: normalizeSeverity(config.get('severity')),
    maxTestDiagnosticsPerIssue:
      Number.isInteger(max) && max >= 0 ? max : DEFAULT_MAX_TEST_DIAGNOSTICS,
  };
}

export function serverSettings(settings: Settings): ServerSettings {
  return {
    dashboardPath: settings.dashboardPath,
    severity: settings.severity,
    maxTestDiagnosticsPerIssue: settings.maxTestDiagnosticsPerIssue,
  };
}

/** Expand `~`, `${userHome}` and `${workspaceFolder}` the way VS Code users expect in a path setting. */
export function expandPath(value: string, folder?: string): string {
  let result = value.replace(/\$\{userHome\}/g, os.homedir());
  if (folder !== undefined) {
    result = result.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = path.join(os.homedir(), result.slice(1));
  }
  return result;
}

/** The dashboard's absolute path for a workspace folder. */
export function resolveDashboardPath(folder: string, dashboardPath: string): string {
  const expanded = expandPath(dashboardPath || DEFAULT_DASHBOARD_PATH, folder);
  return path.isAbsolute(expanded) ? path.normalize(expanded) : path.join(folder, expanded);
}

/** Settings whose change needs a new server process (a different interpreter, or on/off). */
export function needsServerRestart(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration(`${CONFIG_SECTION}.python`) ||
    event.affectsConfiguration(`${CONFIG_SECTION}.enable`)
  );
}

/** Settings whose change moves the dashboard the extension watches. */
export function movesDashboard(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${CONFIG_SECTION}.dashboardPath`);
}
