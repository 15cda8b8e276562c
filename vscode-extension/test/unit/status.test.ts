import '../mocks/install';
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { folderKey, parseRunStatus, RunStatus, StatusStore, statusFromDashboard, summarize } from '../../src/common/status';

function status(over: Partial<RunStatus> = {}): RunStatus {
  return {
    workspaceFolder: 'file:///ws',
    dashboard: 'file:///ws/.llm-brief/dashboard.json',
    briefing: 'file:///ws/.llm-brief/briefing.md',
    exists: true,
    health: 'ERROR',
    issues: 5,
    runKind: 'pytest',
    startedAt: '2026-01-01T10:00:00Z',
    ...over,
  };
}

describe('statusFromDashboard', () => {
  it('reads health, issue count, run kind and start', () => {
    const text = JSON.stringify({
      health: 'CRITICAL',
      issues: [{ id: 'a' }, { id: 'b' }],
      run: { kind: 'run', started_at: '2026-02-03T04:05:06Z' },
    });
    assert.deepEqual(statusFromDashboard('f', 'd', 'b', text), {
      workspaceFolder: 'f',
      dashboard: 'd',
      briefing: 'b',
      exists: true,
      health: 'CRITICAL',
      issues: 2,
      runKind: 'run',
      startedAt: '2026-02-03T04:05:06Z',
    });
  });

  it('says there is no dashboard when there is no text', () => {
    const s = statusFromDashboard('f', 'd', 'b', undefined);
    assert.equal(s.exists, false);
    assert.equal(s.health, null);
    assert.equal(s.issues, 0);
  });

  it('keeps an unreadable dashboard as existing with unknown health', () => {
    const s = statusFromDashboard('f', 'd', 'b', '{"health": "ERR');
    assert.equal(s.exists, true);
    assert.equal(s.health, null);
  });
});

describe('parseRunStatus', () => {
  it('accepts the server notification', () => {
    assert.deepEqual(parseRunStatus(status()), status());
  });

  it('rejects payloads without folder or dashboard', () => {
    assert.equal(parseRunStatus(null), undefined);
    assert.equal(parseRunStatus({ dashboard: 'x' }), undefined);
    assert.equal(parseRunStatus('nope'), undefined);
  });

  it('clears health and count for a missing dashboard and unknown values', () => {
    const gone = parseRunStatus({ ...status(), exists: false });
    assert.equal(gone?.health, null);
    assert.equal(gone?.issues, 0);
    const odd = parseRunStatus({ ...status(), health: 'FINE', runKind: 'x', issues: -3 });
    assert.equal(odd?.health, null);
    assert.equal(odd?.runKind, null);
    assert.equal(odd?.issues, 0);
  });
});

describe('summarize', () => {
  it('takes the worst health and adds the issues of folders with a dashboard', () => {
    const summary = summarize([
      status({ workspaceFolder: 'a', health: 'WARNING', issues: 1 }),
      status({ workspaceFolder: 'b', health: 'CRITICAL', issues: 2 }),
      status({ workspaceFolder: 'c', exists: false, health: null, issues: 0 }),
    ]);
    assert.equal(summary.health, 'CRITICAL');
    assert.equal(summary.issues, 3);
    assert.deepEqual(
      summary.runs.map((r) => r.workspaceFolder),
      ['b', 'a'],
    );
  });

  it('has no health without dashboards', () => {
    assert.deepEqual(summarize([]), { health: null, issues: 0, runs: [] });
  });
});

describe('StatusStore', () => {
  it('fires on a change only', () => {
    const store = new StatusStore();
    let fired = 0;
    store.onDidChange(() => fired++);
    store.update(status());
    store.update(status());
    store.update(status({ issues: 4, startedAt: '2026-01-01T11:00:00Z' }));
    assert.equal(fired, 2);
    assert.equal(store.get('file:///ws')?.issues, 4);
  });

  it('ignores a late report about an older run, not a deletion', () => {
    const store = new StatusStore();
    store.update(status({ issues: 4, startedAt: '2026-01-01T11:00:00Z' }));
    store.update(status({ issues: 5, startedAt: '2026-01-01T10:00:00Z' }));
    assert.equal(store.get('file:///ws')?.issues, 4);
    store.update(status({ exists: false, health: null, issues: 0, startedAt: null }));
    assert.equal(store.get('file:///ws')?.exists, false);
  });

  it('treats differently spelled folder URIs as one folder', () => {
    const store = new StatusStore();
    store.update(status({ workspaceFolder: 'file:///c%3A/ws/' }));
    assert.equal(store.all().length, 1);
    assert.equal(folderKey('file:///c%3A/ws/'), folderKey('file:///c:/ws'));
  });

  it('forgets folders that left the workspace', () => {
    const store = new StatusStore();
    store.update(status({ workspaceFolder: 'file:///a' }));
    store.update(status({ workspaceFolder: 'file:///b' }));
    let fired = 0;
    store.onDidChange(() => fired++);
    store.retain(['file:///b']);
    assert.deepEqual(
      store.all().map((s) => s.workspaceFolder),
      ['file:///b'],
    );
    assert.equal(fired, 1);
  });
});
