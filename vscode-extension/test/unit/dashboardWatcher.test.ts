import '../mocks/install';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { DashboardWatcher } from '../../src/common/dashboardWatcher';
import { RunStatus, StatusStore } from '../../src/common/status';
import { nextEvent, tempDir, writeDashboard } from '../mocks/helpers';
import { mock, Uri } from '../mocks/vscode';

describe('DashboardWatcher', () => {
  let dir: string;
  let store: StatusStore;
  let watcher: DashboardWatcher;
  beforeEach(() => {
    mock.reset();
    dir = tempDir();
    mock.workspaceFolders = [mock.folder(dir)];
    store = new StatusStore();
    watcher = new DashboardWatcher(store, 5);
  });

  it('reads each folder\'s dashboard when it starts watching', async () => {
    writeDashboard(dir, 'ERROR', 5);
    await watcher.rewatch();
    const status = store.get(Uri.file(dir).toString());
    assert.equal(status?.health, 'ERROR');
    assert.equal(status?.issues, 5);
    assert.equal(Uri.parse(status.briefing).fsPath, path.join(dir, '.llm-brief', 'briefing.md'));
    const [fake] = mock.watchers;
    assert.equal(fake.pattern.pattern, '.llm-brief/dashboard.json');
  });

  it('follows a new run, and the dashboard disappearing', async () => {
    await watcher.rewatch();
    assert.equal(store.all()[0].exists, false);
    const [fake] = mock.watchers;

    const file = writeDashboard(dir, 'ERROR', 5, '2026-01-01T10:00:00Z');
    let changed = nextEvent<RunStatus | undefined>(store.onDidChange);
    fake.created.fire(Uri.file(file));
    assert.equal((await changed)?.issues, 5);

    writeDashboard(dir, 'WARNING', 4, '2026-01-01T11:00:00Z');
    changed = nextEvent<RunStatus | undefined>(store.onDidChange);
    fake.changed.fire(Uri.file(file));
    fake.changed.fire(Uri.file(file));
    const status = await changed;
    assert.equal(status?.health, 'WARNING');
    assert.equal(status?.issues, 4);

    fs.rmSync(file);
    changed = nextEvent<RunStatus | undefined>(store.onDidChange);
    fake.deleted.fire(Uri.file(file));
    assert.equal((await changed)?.exists, false);
  });

  it('watches an absolute dashboard path outside the folder from its own directory', async () => {
    const elsewhere = tempDir();
    mock.configuration['llmBrief.dashboardPath'] = path.join(elsewhere, 'dash.json');
    await watcher.rewatch();
    const [fake] = mock.watchers;
    assert.equal((fake.pattern.base as Uri).fsPath, elsewhere);
    assert.equal(fake.pattern.pattern, 'dash.json');
    assert.equal(Uri.parse(store.all()[0].briefing).fsPath, path.join(elsewhere, 'briefing.md'));
  });

  it('drops the old watchers when it rewatches', async () => {
    await watcher.rewatch();
    await watcher.rewatch();
    assert.deepEqual(
      mock.watchers.map((w) => w.disposed),
      [true, false],
    );
    watcher.dispose();
    assert.equal(mock.watchers[1].disposed, true);
  });
});
