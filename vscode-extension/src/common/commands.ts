// The palette commands: run the tests with a briefing, open the briefing, restart the server, show its log.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, CONFIG_SECTION, TASK_TYPE } from './constants';
import { dashboardLocation } from './dashboardWatcher';
import { findInterpreter } from './python';
import { ServerSession } from './server';
import { RunStatus, StatusStore } from './status';

/** The folder a command is about: the only one, the active editor's, or the user's pick. */
async function chooseFolder(placeHolder: string): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    return folders[0];
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  return folder ?? vscode.window.showWorkspaceFolderPick({ placeHolder });
}

/** `<python> -m pytest --llm-brief` in the folder, as a task so it runs in a terminal of its own. */
export function testTask(folder: vscode.WorkspaceFolder, python: string): vscode.Task {
  const task = new vscode.Task(
    { type: TASK_TYPE, command: 'pytest' },
    folder,
    'pytest --llm-brief',
    'LLM Brief',
    new vscode.ProcessExecution(python, ['-m', 'pytest', '--llm-brief'], { cwd: folder.uri.fsPath }),
    [],
  );
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    clear: true,
  };
  return task;
}

export async function runTests(): Promise<vscode.TaskExecution | undefined> {
  const folder = await chooseFolder('Run the tests of which folder?');
  if (!folder) {
    void vscode.window.showErrorMessage('LLM Brief: open a folder to run its tests.');
    return undefined;
  }
  const interpreter = await findInterpreter(folder);
  if (!interpreter) {
    const choice = await vscode.window.showErrorMessage(
      'LLM Brief: no Python interpreter found to run pytest. Set "llmBrief.python".',
      'Open Settings',
    );
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.python`);
    }
    return undefined;
  }
  return vscode.tasks.executeTask(testTask(folder, interpreter.path));
}

function briefingOf(status: RunStatus): vscode.Uri {
  return status.briefing
    ? vscode.Uri.parse(status.briefing)
    : vscode.Uri.file(path.join(path.dirname(vscode.Uri.parse(status.dashboard).fsPath), 'briefing.md'));
}

/** The briefing to open: the only run's, or the one the user picks (worst first). */
async function chooseBriefing(store: StatusStore): Promise<vscode.Uri | undefined> {
  const runs = store.summary().runs;
  if (runs.length === 0) {
    const folder = await chooseFolder('Open the briefing of which folder?');
    return folder ? dashboardLocation(folder).briefing : undefined;
  }
  if (runs.length === 1) {
    return briefingOf(runs[0]);
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: path.basename(vscode.Uri.parse(run.workspaceFolder).fsPath),
      description: `${run.health ?? '?'} · ${run.issues} issues`,
      uri: briefingOf(run),
    })),
    { placeHolder: 'Open the briefing of which folder?' },
  );
  return picked?.uri;
}

export async function showBriefing(store: StatusStore): Promise<void> {
  const briefing = await chooseBriefing(store);
  if (!briefing) {
    return;
  }
  if (!fs.existsSync(briefing.fsPath)) {
    const choice = await vscode.window.showInformationMessage(
      `LLM Brief: no briefing yet at ${briefing.fsPath}. Run the tests with a briefing first.`,
      'Run Tests with Briefing',
    );
    if (choice) {
      await vscode.commands.executeCommand(Commands.runTests);
    }
    return;
  }
  await vscode.window.showTextDocument(briefing, { preview: true });
}

export function registerCommands(
  server: ServerSession,
  store: StatusStore,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.runTests, runTests),
    vscode.commands.registerCommand(Commands.showBriefing, () => showBriefing(store)),
    vscode.commands.registerCommand(Commands.restartServer, () => server.restart('requested', true)),
    vscode.commands.registerCommand(Commands.showServerLog, () => log.show()),
  ];
}
