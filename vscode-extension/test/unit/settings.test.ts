import '../mocks/install';
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import {
  DEFAULT_SEVERITY,
  expandPath,
  getSettings,
  movesDashboard,
  needsServerRestart,
  normalizeSeverity,
  resolveDashboardPath,
  serverSettings,
} from '../../src/common/settings';
import { mock } from '../mocks/vscode';

function change(...sections: string[]) {
  return { affectsConfiguration: (s: string) => sections.includes(s) };
}

describe('settings', () => {
  beforeEach(() => mock.reset());

  it('has the documented defaults', () => {
    assert.deepEqual(getSettings(), {
      enable: true,
      python: '',
      dashboardPath: '.llm-brief/dashboard.json',
      severity: {
        critical: 'error',
        issue: 'error',
        warning: 'warning',
        info: 'information',
        test: 'information',
        logPattern: 'warning',
      },
      maxTestDiagnosticsPerIssue: 3,
    });
  });

  it('reads what the user set, trimmed', () => {
    mock.configuration = {
      'llmBrief.enable': false,
      'llmBrief.python': '  /opt/py/bin/python  ',
      'llmBrief.dashboardPath': 'out/dash.json',
      'llmBrief.severity': { test: 'off' },
      'llmBrief.maxTestDiagnosticsPerIssue': 3,
    };
    const settings = getSettings();
    assert.equal(settings.enable, false);
    assert.equal(settings.python, '/opt/py/bin/python');
    assert.equal(settings.dashboardPath, 'out/dash.json');
    assert.deepEqual(settings.severity, { ...DEFAULT_SEVERITY, test: 'off' });
    assert.equal(settings.maxTestDiagnosticsPerIssue, 3);
  });

  it('falls back to defaults for invalid values', () => {
    mock.configuration = { 'llmBrief.dashboardPath': '  ', 'llmBrief.maxTestDiagnosticsPerIssue': -1 };
    assert.equal(getSettings().dashboardPath, '.llm-brief/dashboard.json');
    assert.equal(getSettings().maxTestDiagnosticsPerIssue, 3);
  });

  it('keeps only known severity keys with valid levels', () => {
    assert.deepEqual(normalizeSeverity({ issue: 'WARNING', test: 'loud', extra: 'error' }), {
      ...DEFAULT_SEVERITY,
      issue: 'warning',
    });
    assert.deepEqual(normalizeSeverity('error'), DEFAULT_SEVERITY);
    assert.deepEqual(normalizeSeverity(null), DEFAULT_SEVERITY);
  });

  it('sends the server only its own keys', () => {
    mock.configuration = { 'llmBrief.python': '/x/python' };
    assert.deepEqual(Object.keys(serverSettings(getSettings())).sort(), [
      'dashboardPath',
      'maxTestDiagnosticsPerIssue',
      'severity',
    ]);
  });

  it('expands ~, ${userHome} and ${workspaceFolder}', () => {
    assert.equal(expandPath('~/venv/bin/python'), path.join(os.homedir(), 'venv/bin/python'));
    assert.equal(expandPath('${userHome}/py'), `${os.homedir()}/py`);
    assert.equal(expandPath('${workspaceFolder}/.venv/bin/python', '/ws'), '/ws/.venv/bin/python');
    assert.equal(expandPath('${workspaceFolder}/x'), '${workspaceFolder}/x');
  });

  it('resolves the dashboard relative to the folder unless absolute', () => {
    assert.equal(resolveDashboardPath('/ws', '.llm-brief/dashboard.json'), '/ws/.llm-brief/dashboard.json');
    assert.equal(resolveDashboardPath('/ws', '/tmp/d/dashboard.json'), '/tmp/d/dashboard.json');
    assert.equal(resolveDashboardPath('/ws', ''), '/ws/.llm-brief/dashboard.json');
  });

  it('restarts the server for the interpreter or enable, moves the watch for the dashboard path', () => {
    assert.equal(needsServerRestart(change('llmBrief.python')), true);
    assert.equal(needsServerRestart(change('llmBrief.enable')), true);
    assert.equal(needsServerRestart(change('llmBrief.severity')), false);
    assert.equal(movesDashboard(change('llmBrief.dashboardPath')), true);
    assert.equal(movesDashboard(change('llmBrief.severity')), false);
  });
});
