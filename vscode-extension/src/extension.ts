// Activation only wires the parts together; each part lives in its own module under common/.
import * as vscode from 'vscode';
import { registerAgentTools } from './common/agentTools';
import { registerCommands } from './common/commands';
import { DashboardWatcher } from './common/dashboardWatcher';
import { createLogChannel, traceError } from './common/log';
import { onDidChangePythonInterpreter } from './common/python';
import { ServerSession } from './common/server';
import { getSettings, movesDashboard, needsServerRestart } from './common/settings';
import { StatusStore } from './common/status';
import { HealthStatusBar } from './common/statusBar';

let session: ServerSession | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = createLogChannel();
  const store = new StatusStore();
  const statusBar = new HealthStatusBar(store);
  const watcher = new DashboardWatcher(store);
  const server = new ServerSession(log, store);
  session = server;

  statusBar.setEnabled(getSettings().enable);
  context.subscriptions.push(
    log,
    store,
    statusBar,
    watcher,
    server,
    ...registerCommands(server, store, log),
    ...registerAgentTools(),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsServerRestart(event)) {
        statusBar.setEnabled(getSettings().enable);
        void server.restart('settings changed');
      }
      if (movesDashboard(event)) {
        void watcher.rewatch();
      }
    }),
    // The language client tells the server about folder changes itself; only the watcher follows.
    vscode.workspace.onDidChangeWorkspaceFolders(() => void watcher.rewatch()),
  );

  void watcher.rewatch();
  void server.restart('activation');
  onDidChangePythonInterpreter(() => {
    if (!getSettings().python) {
      void server.restart('the Python extension\'s interpreter changed');
    }
  }).then(
    (subscription) => context.subscriptions.push(subscription),
    (error) => traceError('Could not follow the Python extension\'s interpreter:', error),
  );
}

export async function deactivate(): Promise<void> {
  await session?.stop();
  session = undefined;
}
