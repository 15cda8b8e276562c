// The extension's own watch on each folder's dashboard, so the status bar is right even when the
// server is not running or its notification is late.
import * as path from 'path';
import * as vscode from 'vscode';
import { BRIEFING_FILE } from './constants';
import { traceInfo } from './log';
import { getSettings, resolveDashboardPath } from './settings';
import { RunStatus, StatusStore, statusFromDashboard } from './status';

export interface DashboardLocation {
  folder: vscode.WorkspaceFolder;
  dashboard: vscode.Uri;
  briefing: vscode.Uri;
}

/** Where a folder's dashboard and briefing are, from `llmBrief.dashboardPath`. */
export function dashboardLocation(folder: vscode.WorkspaceFolder): DashboardLocation {
  const dashboard = resolveDashboardPath(folder.uri.fsPath, getSettings(folder.uri).dashboardPath);
  return {
    folder,
    dashboard: vscode.Uri.file(dashboard),
    briefing: vscode.Uri.file(path.join(path.dirname(dashboard), BRIEFING_FILE)),
  };
}

function watchPattern(location: DashboardLocation): vscode.RelativePattern {
  const relative = path.relative(location.folder.uri.fsPath, location.dashboard.fsPath);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    return new vscode.RelativePattern(location.folder, relative.split(path.sep).join('/'));
  }
  const dashboard = location.dashboard.fsPath;
  return new vscode.RelativePattern(vscode.Uri.file(path.dirname(dashboard)), path.basename(dashboard));
}

export class DashboardWatcher implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** `delayMs` coalesces the burst of events one atomic write (temporary file, rename) makes. */
  constructor(
    private readonly store: StatusStore,
    private readonly delayMs = 100,
  ) {}

  /** (Re)create the watchers for the current folders and settings, and read every dashboard now. */
  rewatch(): Promise<RunStatus[]> {
    this.disposeWatchers();
    const folders = vscode.workspace.workspaceFolders ?? [];
    this.store.retain(folders.map((f) => f.uri.toString()));
    const locations = folders.map(dashboardLocation);
    for (const location of locations) {
      const watcher = vscode.workspace.createFileSystemWatcher(watchPattern(location));
      const onEvent = () => this.schedule(location);
      this.watchers.push(
        watcher,
        watcher.onDidCreate(onEvent),
        watcher.onDidChange(onEvent),
        watcher.onDidDelete(onEvent),
      );
      traceInfo(`Watching ${location.dashboard.fsPath}`);
    }
    return Promise.all(locations.map((l) => this.refresh(l)));
  }

  private schedule(location: DashboardLocation): void {
    const key = location.dashboard.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(location);
      }, this.delayMs),
    );
  }

  /** Read one dashboard and put its status in the store. */
  async refresh(location: DashboardLocation): Promise<RunStatus> {
    let text: string | undefined;
    try {
      text = Buffer.from(await vscode.workspace.fs.readFile(location.dashboard)).toString('utf8');
    } catch {
      text = undefined;
    }
    const status = statusFromDashboard(
      location.folder.uri.toString(),
      location.dashboard.toString(),
      location.briefing.toString(),
      text,
    );
    this.store.update(status);
    return status;
  }

  private disposeWatchers(): void {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    for (const watcher of this.watchers) {
      watcher.dispose();
    }
    this.watchers = [];
  }

  dispose(): void {
    this.disposeWatchers();
  }
}
