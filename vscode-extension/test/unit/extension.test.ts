import '../mocks/install';
import * as assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { activate, deactivate } from '../../src/extension';
import { resetLogChannel } from '../../src/common/log';
import { eventMatching, fakePython, tempDir, writeDashboard } from '../mocks/helpers';
import { LanguageClient } from '../mocks/languageclient';
import { FakeStatusBarItem, mock } from '../mocks/vscode';

describe('activate', () => {
  let dir: string;
  let ctx: vscode.ExtensionContext;
  beforeEach(() => {
    mock.reset();
    LanguageClient.reset();
    resetLogChannel();
    dir = tempDir();
    mock.workspaceFolders = [mock.folder(dir)];
    ctx = { subscriptions: [] } as unknown as vscode.ExtensionContext;
  });
  afterEach(async () => {
    await deactivate();
    for (const disposable of ctx.subscriptions) {
      disposable.dispose();
    }
  });

  it('wires the commands, the status bar, the watcher and the server', async () => {
    writeDashboard(dir, 'ERROR', 5);
    mock.configuration['llmBrief.python'] = fakePython(dir, 'python', '{"missing": {}}');
    const rendered = eventMatching<FakeStatusBarItem>(mock.statusBarRendered.event, (item) => item.text.includes('ERROR'));
    activate(ctx);
    assert.deepEqual([...mock.commands.keys()].sort(), [
      'llmBrief.restartServer',
      'llmBrief.runTests',
      'llmBrief.showBriefing',
      'llmBrief.showServerLog',
    ]);
    assert.equal(mock.watchers.length, 1);
    assert.equal((await rendered).text, '$(error) LLM Brief: ERROR · 5 issues');
    await deactivate();
    assert.deepEqual(LanguageClient.instances[0].events, ['start', 'stop']);
  });

  it('restarts the server when the interpreter setting changes', async () => {
    mock.configuration['llmBrief.python'] = fakePython(dir, 'python', '{"missing": {}}');
    activate(ctx);
    mock.configurationChanged.fire({ affectsConfiguration: (s: string) => s === 'llmBrief.python' });
    await deactivate();
    assert.equal(LanguageClient.instances.length, 2);
    assert.deepEqual(LanguageClient.instances[0].events, ['start', 'stop']);
  });

  it('hides the status bar and starts no server when disabled', async () => {
    mock.configuration['llmBrief.enable'] = false;
    activate(ctx);
    await deactivate();
    assert.equal(LanguageClient.instances.length, 0);
    assert.equal(mock.statusBarItems[0].visible, false);
  });
});
