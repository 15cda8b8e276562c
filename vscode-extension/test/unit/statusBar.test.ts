import '../mocks/install';
import * as assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { RunStatus, StatusStore, summarize } from '../../src/common/status';
import { HealthStatusBar, statusBarView } from '../../src/common/statusBar';
import { mock } from '../mocks/vscode';

function run(health: RunStatus['health'], issues: number, exists = true): RunStatus {
  return {
    workspaceFolder: 'file:///ws',
    dashboard: 'file:///ws/.llm-brief/dashboard.json',
    briefing: 'file:///ws/.llm-brief/briefing.md',
    exists,
    health,
    issues,
    runKind: 'pytest',
    startedAt: '2026-01-01T10:00:00Z',
  };
}

describe('statusBarView', () => {
  it('shows health and count, coloured by health', () => {
    const view = statusBarView(summarize([run('ERROR', 5)]));
    assert.equal(view.text, '$(error) LLM Brief: ERROR · 5 issues');
    assert.equal(view.background, 'statusBarItem.errorBackground');
    assert.equal(view.command, 'llmBrief.showBriefing');
    assert.match(view.tooltip, /pytest, started 2026-01-01T10:00:00Z/);
  });

  it('uses the warning colour for WARNING, the error colour for CRITICAL, none for OK', () => {
    assert.equal(statusBarView(summarize([run('WARNING', 2)])).background, 'statusBarItem.warningBackground');
    assert.equal(statusBarView(summarize([run('CRITICAL', 1)])).background, 'statusBarItem.errorBackground');
    const ok = statusBarView(summarize([run('OK', 0)]));
    assert.equal(ok.background, undefined);
    assert.equal(ok.text, '$(pass) LLM Brief: OK · 0 issues');
  });

  it('says when the latest run died, and how far it got', () => {
    const died = { ...run('ERROR', 5), incomplete: 'incomplete: started 2026-01-01T11:00:00Z, last test t.py::test_hangs' };
    const view = statusBarView(summarize([died]));
    assert.equal(view.text, '$(error) LLM Brief: ERROR · 5 issues · incomplete');
    assert.match(view.tooltip, /The latest run died: incomplete: started .*, last test t\.py::test_hangs/);
  });

  it('says "1 issue"', () => {
    assert.equal(statusBarView(summarize([run('CRITICAL', 1)])).text, '$(flame) LLM Brief: CRITICAL · 1 issue');
  });

  it('is neutral without a dashboard and offers to run the tests', () => {
    const view = statusBarView(summarize([run(null, 0, false)]));
    assert.equal(view.text, '$(beaker) LLM Brief');
    assert.equal(view.background, undefined);
    assert.equal(view.command, 'llmBrief.runTests');
  });

  it('says when the dashboard cannot be read', () => {
    assert.match(statusBarView(summarize([run(null, 0)])).text, /unreadable dashboard/);
  });
});

describe('HealthStatusBar', () => {
  beforeEach(() => mock.reset());

  it('follows the store and hides when disabled', () => {
    const store = new StatusStore();
    const bar = new HealthStatusBar(store);
    const item = mock.statusBarItems[0];
    assert.equal(item.visible, true);
    assert.equal(item.text, '$(beaker) LLM Brief');
    store.update(run('ERROR', 5));
    assert.equal(item.text, '$(error) LLM Brief: ERROR · 5 issues');
    assert.equal(item.backgroundColor?.id, 'statusBarItem.errorBackground');
    store.update({ ...run('ERROR', 4), startedAt: '2026-01-01T11:00:00Z' });
    assert.equal(item.text, '$(error) LLM Brief: ERROR · 4 issues');
    bar.setEnabled(false);
    assert.equal(item.visible, false);
    bar.dispose();
    assert.equal(item.disposed, true);
  });
});
