// A small in-memory `vscode` module for unit tests: enough API for the extension's modules, plus
// a `mock` object through which a test sets settings and folders and reads what the code did.
import * as fs from 'fs';
import * as path from 'path';

type Listener<T> = (value: T) => unknown;

export class Disposable {
  constructor(private readonly callOnDispose: () => unknown) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  get path(): string {
    return this.fsPath;
  }
  static file(fsPath: string): Uri {
    return new Uri('file', path.resolve(fsPath));
  }
  static parse(value: string): Uri {
    const match = /^([a-z][\w+.-]*):\/\/(.*)$/i.exec(value);
    if (!match) {
      return Uri.file(value);
    }
    return new Uri(match[1], decodeURIComponent(match[2]));
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, path.join(base.fsPath, ...segments));
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath.split('/').map(encodeURIComponent).join('/')}`;
  }
}

export class RelativePattern {
  constructor(
    readonly base: Uri | { uri: Uri },
    readonly pattern: string,
  ) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum TaskRevealKind {
  Always = 1,
  Silent = 2,
  Never = 3,
}

export enum TaskPanelKind {
  Shared = 1,
  Dedicated = 2,
  New = 3,
}

export class ProcessExecution {
  constructor(
    readonly process: string,
    readonly args: string[],
    readonly options?: { cwd?: string },
  ) {}
}

export class Task {
  presentationOptions: Record<string, unknown> = {};
  constructor(
    readonly definition: { type: string },
    readonly scope: unknown,
    readonly name: string,
    readonly source: string,
    readonly execution: ProcessExecution,
    readonly problemMatchers: string[],
  ) {}
}

export class FakeStatusBarItem {
  text = '';
  tooltip: unknown;
  command: unknown;
  name = '';
  backgroundColor: ThemeColor | undefined;
  visible = false;
  disposed = false;
  constructor(
    readonly id: string,
    readonly alignment: StatusBarAlignment,
    readonly priority: number,
  ) {}
  show(): void {
    this.visible = true;
    mock.statusBarRendered.fire(this);
  }
  hide(): void {
    this.visible = false;
    mock.statusBarRendered.fire(this);
  }
  dispose(): void {
    this.disposed = true;
    this.visible = false;
  }
}

export class FakeLogChannel {
  readonly lines: string[] = [];
  shown = 0;
  constructor(readonly name: string) {}
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error ${message}`);
  }
  appendLine(message: string): void {
    this.lines.push(message);
  }
  show(): void {
    this.shown += 1;
  }
  dispose(): void {}
}

export class FakeWatcher {
  readonly created = new EventEmitter<Uri>();
  readonly changed = new EventEmitter<Uri>();
  readonly deleted = new EventEmitter<Uri>();
  readonly onDidCreate = this.created.event;
  readonly onDidChange = this.changed.event;
  readonly onDidDelete = this.deleted.event;
  disposed = false;
  constructor(readonly pattern: RelativePattern) {}
  dispose(): void {
    this.disposed = true;
  }
}

export interface Message {
  kind: 'info' | 'warning' | 'error';
  text: string;
  items: string[];
}

export interface WorkspaceFolder {
  uri: Uri;
  name: string;
  index: number;
}

/** What a test controls and observes. */
export const mock = {
  configuration: {} as Record<string, unknown>,
  workspaceFolders: undefined as WorkspaceFolder[] | undefined,
  messages: [] as Message[],
  /** What the next notification resolves to (the button "clicked"). */
  choice: undefined as string | undefined,
  statusBarItems: [] as FakeStatusBarItem[],
  watchers: [] as FakeWatcher[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as { command: string; args: unknown[] }[],
  clipboard: '',
  extensions: new Map<string, unknown>(),
  tasks: [] as Task[],
  shownDocuments: [] as Uri[],
  logChannels: [] as FakeLogChannel[],
  /** Fires when a status bar item is shown or hidden (the extension renders, then shows). */
  statusBarRendered: new EventEmitter<FakeStatusBarItem>(),
  configurationChanged: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  foldersChanged: new EventEmitter<unknown>(),
  reset(): void {
    this.configuration = {};
    this.workspaceFolders = undefined;
    this.messages = [];
    this.choice = undefined;
    this.statusBarItems = [];
    this.watchers = [];
    this.commands = new Map();
    this.executed = [];
    this.clipboard = '';
    this.extensions = new Map();
    this.tasks = [];
    this.shownDocuments = [];
    this.logChannels = [];
  },
  folder(fsPath: string, index = 0): WorkspaceFolder {
    return { uri: Uri.file(fsPath), name: path.basename(fsPath), index };
  },
};

function message(kind: Message['kind']) {
  return (text: string, ...items: unknown[]): Promise<string | undefined> => {
    const labels = items.filter((i): i is string => typeof i === 'string');
    mock.messages.push({ kind, text, items: labels });
    return Promise.resolve(mock.choice !== undefined && labels.includes(mock.choice) ? mock.choice : undefined);
  };
}

export const window = {
  get activeTextEditor(): undefined {
    return undefined;
  },
  createOutputChannel(name: string): FakeLogChannel {
    const channel = new FakeLogChannel(name);
    mock.logChannels.push(channel);
    return channel;
  },
  createStatusBarItem(id: string, alignment: StatusBarAlignment, priority: number): FakeStatusBarItem {
    const item = new FakeStatusBarItem(id, alignment, priority);
    mock.statusBarItems.push(item);
    return item;
  },
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  showTextDocument(uri: Uri): Promise<void> {
    mock.shownDocuments.push(uri);
    return Promise.resolve();
  },
  showWorkspaceFolderPick(): Promise<WorkspaceFolder | undefined> {
    return Promise.resolve(mock.workspaceFolders?.[0]);
  },
  showQuickPick<T>(items: T[]): Promise<T | undefined> {
    return Promise.resolve(items[0]);
  },
};

export const workspace = {
  get workspaceFolders(): WorkspaceFolder[] | undefined {
    return mock.workspaceFolders;
  },
  getWorkspaceFolder(uri: Uri): WorkspaceFolder | undefined {
    return mock.workspaceFolders?.find((f) => uri.fsPath.startsWith(f.uri.fsPath));
  },
  getConfiguration(section: string) {
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        const value = mock.configuration[`${section}.${key}`];
        return value === undefined ? defaultValue : (value as T);
      },
    };
  },
  createFileSystemWatcher(pattern: RelativePattern): FakeWatcher {
    const watcher = new FakeWatcher(pattern);
    mock.watchers.push(watcher);
    return watcher;
  },
  fs: {
    readFile(uri: Uri): Promise<Uint8Array> {
      return fs.promises.readFile(uri.fsPath);
    },
  },
  onDidChangeConfiguration: mock.configurationChanged.event,
  onDidChangeWorkspaceFolders: mock.foldersChanged.event,
};

export const commands = {
  registerCommand(id: string, callback: (...args: unknown[]) => unknown): Disposable {
    if (mock.commands.has(id)) {
      throw new Error(`command '${id}' already exists`);
    }
    mock.commands.set(id, callback);
    return new Disposable(() => mock.commands.delete(id));
  },
  executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    mock.executed.push({ command, args });
    const callback = mock.commands.get(command);
    return Promise.resolve(callback ? callback(...args) : undefined);
  },
};

export const env = {
  clipboard: {
    writeText(text: string): Promise<void> {
      mock.clipboard = text;
      return Promise.resolve();
    },
    readText(): Promise<string> {
      return Promise.resolve(mock.clipboard);
    },
  },
};

export const extensions = {
  getExtension(id: string): unknown {
    return mock.extensions.get(id);
  },
};

export const tasks = {
  executeTask(task: Task): Promise<{ task: Task }> {
    mock.tasks.push(task);
    return Promise.resolve({ task });
  },
};

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

// The agent APIs of VS Code 1.101+ (`lm.registerMcpServerDefinitionProvider`, `lm.registerTool`).
export class McpStdioServerDefinition {
  cwd?: Uri;
  constructor(
    readonly label: string,
    public command: string,
    public args: string[] = [],
  ) {}
}

export class LanguageModelTextPart {
  constructor(readonly value: string) {}
}

export class LanguageModelToolResult {
  constructor(readonly content: unknown[]) {}
}

export interface RegisteredProvider {
  onDidChangeMcpServerDefinitions?: (listener: () => unknown) => Disposable;
  provideMcpServerDefinitions(token: unknown): Promise<McpStdioServerDefinition[]>;
}

export interface RegisteredTool {
  invoke(options: { input: Record<string, unknown> }, token: unknown): Promise<LanguageModelToolResult>;
}

/** What the extension registered through `lm`; `lm` itself is removed to play an older editor. */
export const agentMock = {
  providers: new Map<string, RegisteredProvider>(),
  tools: new Map<string, RegisteredTool>(),
  reset(): void {
    this.providers = new Map();
    this.tools = new Map();
  },
};

export const lm = {
  registerMcpServerDefinitionProvider(id: string, provider: RegisteredProvider): Disposable {
    agentMock.providers.set(id, provider);
    return new Disposable(() => agentMock.providers.delete(id));
  },
  registerTool(name: string, tool: RegisteredTool): Disposable {
    agentMock.tools.set(name, tool);
    return new Disposable(() => agentMock.tools.delete(name));
  },
};
