// The health of each workspace folder's latest run, from the server's `llmBrief/status`
// notifications or from reading the dashboard directly; both feed one store.
import * as vscode from 'vscode';

export type Health = 'OK' | 'WARNING' | 'ERROR' | 'CRITICAL';
export type RunKind = 'pytest' | 'run';

/** The params of `llmBrief/status`; the file watcher builds the same shape. */
export interface RunStatus {
  workspaceFolder: string;
  dashboard: string;
  briefing: string;
  exists: boolean;
  health: Health | null;
  issues: number;
  runKind: RunKind | null;
  startedAt: string | null;
  /** "incomplete: started …, last test …" when a newer run died before writing its dashboard. */
  incomplete?: string | null;
}

export const HEALTH_ORDER: Readonly<Record<Health, number>> = { OK: 0, WARNING: 1, ERROR: 2, CRITICAL: 3 };

function isHealth(value: unknown): value is Health {
  return typeof value === 'string' && value in HEALTH_ORDER;
}

/** Check a server payload before trusting it; returns undefined for anything malformed. */
export function parseRunStatus(value: unknown): RunStatus | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.workspaceFolder !== 'string' || typeof v.dashboard !== 'string') {
    return undefined;
  }
  const exists = v.exists === true;
  return {
    workspaceFolder: v.workspaceFolder,
    dashboard: v.dashboard,
    briefing: typeof v.briefing === 'string' ? v.briefing : '',
    exists,
    health: exists && isHealth(v.health) ? v.health : null,
    issues: exists && typeof v.issues === 'number' && v.issues >= 0 ? Math.floor(v.issues) : 0,
    runKind: v.runKind === 'pytest' || v.runKind === 'run' ? v.runKind : null,
    startedAt: typeof v.startedAt === 'string' ? v.startedAt : null,
    ...(typeof v.incomplete === 'string' ? { incomplete: v.incomplete } : {}),
  };
}

/**
 * The status of a folder from its dashboard's text (undefined: no dashboard). A dashboard that is
 * not valid JSON, e.g. caught mid-write by a tool that does not write atomically, exists with no health.
 */
export function statusFromDashboard(
  workspaceFolder: string,
  dashboard: string,
  briefing: string,
  text: string | undefined,
): RunStatus {
  const status: RunStatus = {
    workspaceFolder,
    dashboard,
    briefing,
    exists: text !== undefined,
    health: null,
    issues: 0,
    runKind: null,
    startedAt: null,
  };
  if (text === undefined) {
    return status;
  }
  try {
    const data = JSON.parse(text) as { health?: unknown; issues?: unknown; run?: { kind?: unknown; started_at?: unknown } };
    status.health = isHealth(data.health) ? data.health : null;
    status.issues = Array.isArray(data.issues) ? data.issues.length : 0;
    const kind = data.run?.kind;
    status.runKind = kind === 'pytest' || kind === 'run' ? kind : null;
    status.startedAt = typeof data.run?.started_at === 'string' ? data.run.started_at : null;
  } catch {
    // unreadable: exists, health unknown
  }
  return status;
}

/** What the status bar shows for all folders together. */
export interface Summary {
  /** Worst health among folders with a readable dashboard; null when there is none. */
  health: Health | null;
  issues: number;
  /** Folders with a dashboard, worst first. */
  runs: RunStatus[];
}

export function summarize(statuses: Iterable<RunStatus>): Summary {
  const runs = [...statuses]
    .filter((s) => s.exists)
    .sort((a, b) => (b.health ? HEALTH_ORDER[b.health] : -1) - (a.health ? HEALTH_ORDER[a.health] : -1));
  const withHealth = runs.filter((s) => s.health !== null);
  return {
    health: withHealth.length ? withHealth[0].health : null,
    issues: runs.reduce((sum, s) => sum + s.issues, 0),
    runs,
  };
}

/** The latest status of each workspace folder; the last report about a folder wins. */
export class StatusStore implements vscode.Disposable {
  private readonly byFolder = new Map<string, RunStatus>();
  private readonly changed = new vscode.EventEmitter<RunStatus | undefined>();
  readonly onDidChange: vscode.Event<RunStatus | undefined> = this.changed.event;

  update(status: RunStatus): void {
    const key = folderKey(status.workspaceFolder);
    const previous = this.byFolder.get(key);
    if (previous && (sameStatus(previous, status) || isOlderRun(status, previous))) {
      return;
    }
    this.byFolder.set(key, status);
    this.changed.fire(status);
  }

  /** Forget folders that left the workspace. */
  retain(folders: readonly string[]): void {
    const keep = new Set(folders.map(folderKey));
    let removed = false;
    for (const key of [...this.byFolder.keys()]) {
      if (!keep.has(key)) {
        this.byFolder.delete(key);
        removed = true;
      }
    }
    if (removed) {
      this.changed.fire(undefined);
    }
  }

  get(workspaceFolder: string): RunStatus | undefined {
    return this.byFolder.get(folderKey(workspaceFolder));
  }

  all(): RunStatus[] {
    return [...this.byFolder.values()];
  }

  summary(): Summary {
    return summarize(this.byFolder.values());
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The server and the extension may spell the same folder URI differently (`%3A`, a trailing `/`). */
export function folderKey(uri: string): string {
  let key = uri.replace(/\/+$/, '');
  try {
    key = decodeURIComponent(key);
  } catch {
    // keep it as it is
  }
  return process.platform === 'win32' ? key.toLowerCase() : key;
}

/** A late report about a run older than the one shown (the watcher and the server race). */
function isOlderRun(incoming: RunStatus, current: RunStatus): boolean {
  if (!incoming.exists || !current.exists || !incoming.startedAt || !current.startedAt) {
    return false;
  }
  const a = Date.parse(incoming.startedAt);
  const b = Date.parse(current.startedAt);
  return !Number.isNaN(a) && !Number.isNaN(b) && a < b;
}

function sameStatus(a: RunStatus, b: RunStatus): boolean {
  return (
    a.exists === b.exists &&
    a.health === b.health &&
    a.issues === b.issues &&
    a.startedAt === b.startedAt &&
    (a.incomplete ?? null) === (b.incomplete ?? null) &&
    a.runKind === b.runKind &&
    a.dashboard === b.dashboard &&
    a.briefing === b.briefing
  );
}
