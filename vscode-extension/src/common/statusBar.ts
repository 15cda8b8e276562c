// The status bar item: the health and issue count of the latest run; a click opens the briefing.
import * as vscode from 'vscode';
import { Commands } from './constants';
import { Health, StatusStore, Summary } from './status';

export interface StatusBarView {
  text: string;
  tooltip: string;
  /** The theme colour of the background: only error and warning backgrounds exist for status items. */
  background: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground' | undefined;
  command: string;
}

const ICONS: Readonly<Record<Health, string>> = {
  OK: '$(pass)',
  WARNING: '$(warning)',
  ERROR: '$(error)',
  CRITICAL: '$(flame)',
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What the item shows for a summary; pure, so it is tested without an editor. */
export function statusBarView(summary: Summary): StatusBarView {
  if (summary.runs.length === 0) {
    return {
      text: '$(beaker) LLM Brief',
      tooltip: 'No llm-brief run in this workspace yet. Click to run the tests with a briefing.',
      background: undefined,
      command: Commands.runTests,
    };
  }
  if (summary.health === null) {
    return {
      text: '$(question) LLM Brief: unreadable dashboard',
      tooltip: `The dashboard could not be read: ${summary.runs.map((r) => r.dashboard).join(', ')}`,
      background: undefined,
      command: Commands.showBriefing,
    };
  }
  const lines = summary.runs.map((run) => {
    const when = run.startedAt ? `, started ${run.startedAt}` : '';
    return `${run.health ?? '?'} · ${plural(run.issues, 'issue')} (${run.runKind ?? 'run'}${when}) — ${run.workspaceFolder}`;
  });
  const incomplete = summary.runs.map((run) => run.incomplete).filter((text): text is string => !!text);
  const died = incomplete.length ? ' · incomplete' : '';
  const why = incomplete.length ? `\nThe latest run died: ${incomplete.join('; ')}` : '';
  return {
    text: `${ICONS[summary.health]} LLM Brief: ${summary.health} · ${plural(summary.issues, 'issue')}${died}`,
    tooltip: `Latest llm-brief run\n${lines.join('\n')}${why}\nClick to open the briefing.`,
    background:
      summary.health === 'ERROR' || summary.health === 'CRITICAL'
        ? 'statusBarItem.errorBackground'
        : summary.health === 'WARNING'
          ? 'statusBarItem.warningBackground'
          : undefined,
    command: Commands.showBriefing,
  };
}

/** Keeps one status bar item in step with the store. */
export class HealthStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;
  private enabled = true;

  constructor(private readonly store: StatusStore) {
    this.item = vscode.window.createStatusBarItem('llmBrief.health', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'LLM Brief';
    this.subscription = store.onDidChange(() => this.render());
    this.render();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.render();
  }

  render(): void {
    if (!this.enabled) {
      this.item.hide();
      return;
    }
    const view = statusBarView(this.store.summary());
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
