import '../mocks/install';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { registerCommands, runTests, showBriefing, testTask } from '../../src/common/commands';
import { ServerCommands } from '../../src/common/constants';
import { ServerSession } from '../../src/common/server';
import { StatusStore, statusFromDashboard } from '../../src/common/status';
import { tempDir, writeDashboard } from '../mocks/helpers';
import { FakeLogChannel, mock, TaskRevealKind, Uri } from '../mocks/vscode';
import type * as vscode from 'vscode';

describe('commands', () => {
  let dir: string;
  beforeEach(() => {
    mock.reset();
    dir = tempDir();
    mock.workspaceFolders = [mock.folder(dir)];
  });

  it('registers the four palette commands, none with a server command\'s id', () => {
    const log = new FakeLogChannel('LLM Brief') as unknown as vscode.LogOutputChannel;
    const store = new StatusStore();
    registerCommands(new ServerSession(log, store), store, log);
    const ids = [...mock.commands.keys()].sort();
    assert.deepEqual(ids, ['llmBrief.restartServer', 'llmBrief.runTests', 'llmBrief.showBriefing', 'llmBrief.showServerLog']);
    for (const id of Object.values(ServerCommands)) {
      assert.ok(!ids.includes(id), id);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), ids);
  });

  it('runs `<python> -m pytest --llm-brief` in the folder, in a terminal', async () => {
    mock.configuration['llmBrief.python'] = '/venv/bin/python';
    await runTests();
    const [task] = mock.tasks;
    const execution = task.execution;
    assert.equal(execution.process, '/venv/bin/python');
    assert.deepEqual(execution.args, ['-m', 'pytest', '--llm-brief']);
    assert.equal(execution.options?.cwd, dir);
    assert.equal(task.presentationOptions.reveal, TaskRevealKind.Always);
    assert.equal(task.definition.type, 'llmBrief');
  });

  it('needs a folder to run the tests', async () => {
    mock.workspaceFolders = undefined;
    assert.equal(await runTests(), undefined);
    assert.equal(mock.tasks.length, 0);
    assert.match(mock.messages[0].text, /open a folder/);
  });

  it('names the task after what it runs', () => {
    const folder = mock.folder(dir) as unknown as vscode.WorkspaceFolder;
    assert.equal(testTask(folder, '/py').name, 'pytest --llm-brief');
  });

  it('opens the briefing of the latest run', async () => {
    const dashboard = writeDashboard(dir, 'ERROR', 2);
    const briefing = path.join(path.dirname(dashboard), 'briefing.md');
    const store = new StatusStore();
    store.update(
      statusFromDashboard(Uri.file(dir).toString(), Uri.file(dashboard).toString(), Uri.file(briefing).toString(), '{}'),
    );
    await showBriefing(store);
    assert.deepEqual(
      mock.shownDocuments.map((u) => u.fsPath),
      [briefing],
    );
  });

  it('finds the briefing from the settings before any status arrives', async () => {
    writeDashboard(dir, 'OK', 0);
    await showBriefing(new StatusStore());
    assert.deepEqual(
      mock.shownDocuments.map((u) => u.fsPath),
      [path.join(dir, '.llm-brief', 'briefing.md')],
    );
  });

  it('offers to run the tests when there is no briefing yet', async () => {
    mock.choice = 'Run Tests with Briefing';
    await showBriefing(new StatusStore());
    assert.equal(mock.shownDocuments.length, 0);
    assert.match(mock.messages[0].text, /no briefing yet/);
    assert.deepEqual(mock.executed.map((e) => e.command), ['llmBrief.runTests']);
  });
});
