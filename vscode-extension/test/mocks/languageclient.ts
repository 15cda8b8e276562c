// A stand-in for `vscode-languageclient/node`: records what the extension asks of its client.

export enum CloseAction {
  DoNotRestart = 1,
  Restart = 2,
}

export enum ErrorAction {
  Continue = 1,
  Shutdown = 2,
}

export enum RevealOutputChannelOn {
  Debug = 0,
  Info = 1,
  Warn = 2,
  Error = 3,
  Never = 4,
}

type Handler = (params: unknown) => void;

export interface FakeClientOptions {
  initializationOptions?: unknown;
  synchronize?: { configurationSection?: string };
  errorHandler?: { closed(): { action: CloseAction } };
  middleware?: {
    workspace?: {
      didChangeConfiguration?: (sections: (string | undefined)[], next: (sections: (string | undefined)[]) => Promise<void>) => Promise<void>;
    };
    executeCommand?: (
      command: string,
      args: unknown[],
      next: (command: string, args: unknown[]) => Promise<unknown>,
    ) => Promise<unknown>;
  };
}

export class LanguageClient {
  static instances: LanguageClient[] = [];
  /** Make the next `start()` fail, like a server that exits at once. */
  static failNextStart = false;
  /** What `llmBrief/getStatus` answers. */
  static statusReply: unknown = [];

  state: 'new' | 'running' | 'stopped' = 'new';
  readonly handlers = new Map<string, Handler>();
  readonly requests: { method: string; params: unknown }[] = [];
  readonly events: string[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
    readonly serverOptions: { command: string; args: string[]; options?: { cwd?: string } },
    readonly clientOptions: FakeClientOptions,
  ) {
    LanguageClient.instances.push(this);
  }

  static reset(): void {
    LanguageClient.instances = [];
    LanguageClient.failNextStart = false;
    LanguageClient.statusReply = [];
  }

  onNotification(method: string, handler: Handler): { dispose(): void } {
    this.handlers.set(method, handler);
    return { dispose: () => this.handlers.delete(method) };
  }

  start(): Promise<void> {
    this.events.push('start');
    if (LanguageClient.failNextStart) {
      LanguageClient.failNextStart = false;
      return Promise.reject(new Error('Server exited with code 1'));
    }
    this.state = 'running';
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.events.push('stop');
    this.state = 'stopped';
    return Promise.resolve();
  }

  sendRequest(method: string, params: unknown): Promise<unknown> {
    this.requests.push({ method, params });
    return Promise.resolve(LanguageClient.statusReply);
  }

  /** Deliver a notification from the "server". */
  notify(method: string, params: unknown): void {
    this.handlers.get(method)?.(params);
  }
}
