import '../mocks/install';
import * as assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { CrashLimit, ServerSession } from '../../src/common/server';
import { StatusStore } from '../../src/common/status';
import { fakePython, tempDir } from '../mocks/helpers';
import { CloseAction, LanguageClient } from '../mocks/languageclient';
import { FakeLogChannel, mock } from '../mocks/vscode';
import type * as vscode from 'vscode';

const OK = '{"missing": {}}';
const NO_PACKAGE = '{"missing": {"llm_brief": "ModuleNotFoundError", "llm_brief_lsp": "ModuleNotFoundError"}}';

function session(store = new StatusStore()) {
  const log = new FakeLogChannel('LLM Brief') as unknown as vscode.LogOutputChannel;
  return { server: new ServerSession(log, store), store, log };
}

const status = {
  workspaceFolder: 'file:///ws',
  dashboard: 'file:///ws/.llm-brief/dashboard.json',
  briefing: 'file:///ws/.llm-brief/briefing.md',
  exists: true,
  health: 'ERROR',
  issues: 5,
  runKind: 'pytest',
  startedAt: '2026-01-01T10:00:00Z',
};

describe('ServerSession', () => {
  let dir: string;
  beforeEach(() => {
    mock.reset();
    LanguageClient.reset();
    dir = tempDir();
    mock.workspaceFolders = [mock.folder(dir)];
  });

  it('starts `<python> -m llm_brief_lsp` with the settings and asks for the status', async () => {
    const python = fakePython(dir, 'python', OK);
    mock.configuration = { 'llmBrief.python': python, 'llmBrief.severity': { test: 'off' } };
    LanguageClient.statusReply = [status];
    const { server, store } = session();
    await server.restart('test');
    const [client] = LanguageClient.instances;
    assert.equal(client.serverOptions.command, python);
    assert.deepEqual(client.serverOptions.args, ['-m', 'llm_brief_lsp']);
    assert.equal(client.serverOptions.options?.cwd, dir);
    assert.deepEqual(client.clientOptions.initializationOptions, {
      dashboardPath: '.llm-brief/dashboard.json',
      severity: {
        critical: 'error',
        issue: 'error',
        warning: 'warning',
        info: 'information',
        test: 'off',
        logPattern: 'warning',
      },
      maxTestDiagnosticsPerIssue: 3,
    });
    assert.equal(client.clientOptions.synchronize?.configurationSection, 'llmBrief');
    assert.deepEqual(client.requests, [{ method: 'llmBrief/getStatus', params: {} }]);
    assert.equal(store.get('file:///ws')?.issues, 5);
    assert.equal(server.running, true);
  });

  it('puts the server\'s status notifications in the store and ignores malformed ones', async () => {
    mock.configuration = { 'llmBrief.python': fakePython(dir, 'python', OK) };
    const { server, store } = session();
    await server.restart('test');
    const [client] = LanguageClient.instances;
    client.notify('llmBrief/status', { ...status, issues: 4 });
    client.notify('llmBrief/status', { nonsense: true });
    assert.equal(store.all().length, 1);
    assert.equal(store.get('file:///ws')?.issues, 4);
  });

  it('stops the old client before starting a new one', async () => {
    mock.configuration = { 'llmBrief.python': fakePython(dir, 'python', OK) };
    const { server } = session();
    await Promise.all([server.restart('one'), server.restart('two')]);
    const [first, second] = LanguageClient.instances;
    assert.deepEqual(first.events, ['start', 'stop']);
    assert.deepEqual(second.events, ['start']);
    await server.stop();
    assert.deepEqual(second.events, ['start', 'stop']);
    assert.equal(server.running, false);
  });

  it('does not start without llm-brief, says so once with the pip command, and offers the settings', async () => {
    const python = fakePython(dir, 'python', NO_PACKAGE);
    mock.configuration = { 'llmBrief.python': python };
    mock.choice = 'Open Settings';
    const { server } = session();
    await server.restart('activation');
    await server.restart('settings changed');
    assert.equal(LanguageClient.instances.length, 0);
    assert.equal(mock.messages.length, 1);
    const [warning] = mock.messages;
    assert.equal(warning.kind, 'warning');
    assert.ok(warning.text.includes(python), warning.text);
    assert.ok(warning.text.includes(`${python} -m pip install "llm-brief[lsp]"`), warning.text);
    assert.deepEqual(warning.items, ['Open Settings', 'Copy Command']);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(mock.executed[0], { command: 'workbench.action.openSettings', args: ['llmBrief.python'] });
  });

  it('shows the problem again when the user asks for a restart, and copies the command', async () => {
    const python = fakePython(dir, 'python', NO_PACKAGE);
    mock.configuration = { 'llmBrief.python': python };
    const { server } = session();
    await server.restart('activation');
    mock.choice = 'Copy Command';
    await server.restart('requested', true);
    assert.equal(mock.messages.length, 2);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(mock.clipboard, `${python} -m pip install "llm-brief[lsp]"`);
  });

  it('does nothing when disabled', async () => {
    mock.configuration = { 'llmBrief.python': fakePython(dir, 'python', OK), 'llmBrief.enable': false };
    const { server } = session();
    await server.restart('test');
    assert.equal(LanguageClient.instances.length, 0);
    assert.equal(mock.messages.length, 0);
  });

  it('survives a server that fails to start and offers its log', async () => {
    mock.configuration = { 'llmBrief.python': fakePython(dir, 'python', OK) };
    LanguageClient.failNextStart = true;
    const { server } = session();
    await server.restart('test');
    assert.equal(server.running, false);
    assert.deepEqual(LanguageClient.instances[0].events, ['start', 'stop']);
    assert.deepEqual(mock.messages[0].items, ['Show Server Log']);
  });

  it('sends settings to the running server, not to one a restart is replacing', async () => {
    mock.configuration = { 'llmBrief.python': fakePython(dir, 'python', OK) };
    const { server } = session();
    await server.restart('test');
    const [first] = LanguageClient.instances;
    const sync = first.clientOptions.middleware!.workspace!.didChangeConfiguration!;
    const sent: string[] = [];
    const next = () => {
      sent.push('sent');
      return Promise.resolve();
    };
    await sync(['llmBrief'], next);
    const restarted = server.restart('settings changed');
    await sync(['llmBrief'], next);
    await restarted;
    assert.deepEqual(sent, ['sent']);
    const second = LanguageClient.instances[1];
    await second.clientOptions.middleware!.workspace!.didChangeConfiguration!(['llmBrief'], next);
    assert.deepEqual(sent, ['sent', 'sent']);
  });

  it('copies the rerun command the server returns', async () => {
    mock.configuration = { 'llmBrief.python': fakePython(dir, 'python', OK) };
    const { server } = session();
    await server.restart('test');
    const middleware = LanguageClient.instances[0].clientOptions.middleware!.executeCommand!;
    const rerun = 'python -m pytest tests/test_orders.py';
    assert.equal(await middleware('llmBrief.copyRerun', ['I1'], () => Promise.resolve(rerun)), rerun);
    assert.equal(mock.clipboard, rerun);
    await middleware('llmBrief.rerun', [], () => Promise.resolve('other'));
    assert.equal(mock.clipboard, rerun);
  });
});

describe('CrashLimit', () => {
  it('restarts three times within the window, then gives up once', () => {
    let now = 0;
    let gaveUp = 0;
    const limit = new CrashLimit(() => gaveUp++, 3, 60_000, () => now);
    const actions = [1, 2, 3, 4].map(() => {
      now += 1000;
      return limit.closed().action;
    });
    assert.deepEqual(actions, [CloseAction.Restart, CloseAction.Restart, CloseAction.Restart, CloseAction.DoNotRestart]);
    assert.equal(gaveUp, 1);
  });

  it('forgets crashes older than the window', () => {
    let now = 0;
    const limit = new CrashLimit(() => undefined, 1, 60_000, () => now);
    assert.equal(limit.closed().action, CloseAction.Restart);
    now += 61_000;
    assert.equal(limit.closed().action, CloseAction.Restart);
  });
});
