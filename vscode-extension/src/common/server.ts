// The language server's lifecycle: find the interpreter, check it can run the server, start the
// client, restart it (stopping the old one first), and never loop on a server that keeps dying.
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
} from 'vscode-languageclient/node';
import {
  CONFIG_SECTION,
  GET_STATUS_REQUEST,
  SERVER_ID,
  SERVER_MODULE,
  SERVER_NAME,
  ServerCommands,
  STATUS_NOTIFICATION,
} from './constants';
import { traceError, traceInfo, traceWarn } from './log';
import {
  describeProbeFailure,
  findInterpreter,
  Interpreter,
  logInterpreter,
  pipInstallCommand,
  probeInterpreter,
} from './python';
import { getSettings, serverSettings } from './settings';
import { parseRunStatus, StatusStore } from './status';

export type ClientFactory = (server: ServerOptions, client: LanguageClientOptions) => LanguageClient;

const createLanguageClient: ClientFactory = (server, client) =>
  new LanguageClient(SERVER_ID, SERVER_NAME, server, client);

/**
 * Restarts a server that died, at most `maxRestarts` times in `windowMs`; then gives up once,
 * calling `onGiveUp` (which tells the user) instead of restarting forever.
 */
export class CrashLimit implements ErrorHandler {
  private crashes: number[] = [];

  constructor(
    private readonly onGiveUp: () => void,
    private readonly maxRestarts = 3,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A few garbled messages are survivable; a stream of them means the server is broken.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    if (this.crashes.length <= this.maxRestarts) {
      traceWarn(`The server stopped unexpectedly; restarting (${this.crashes.length}/${this.maxRestarts}).`);
      return { action: CloseAction.Restart, handled: true };
    }
    this.onGiveUp();
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

type Choice = 'Open Settings' | 'Copy Command' | 'Show Server Log' | 'Restart Server';

/** One language client at a time; every start and stop goes through one queue. */
export class ServerSession implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private clientSubscriptions: vscode.Disposable[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** Problems already shown (per interpreter), so an automatic restart does not nag again. */
  private readonly warned = new Set<string>();
  private lastInterpreter: Interpreter | undefined;
  /** The client that may still be sent settings: none from the moment a restart is asked for. */
  private syncing: LanguageClient | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly store: StatusStore,
    private readonly createClient: ClientFactory = createLanguageClient,
  ) {}

  /** The interpreter the last start used (or found unusable). */
  get interpreter(): Interpreter | undefined {
    return this.lastInterpreter;
  }

  get running(): boolean {
    return this.client !== undefined;
  }

  /** Stop the current server, if any, and start a new one; `userRequested` shows problems again. */
  restart(reason: string, userRequested = false): Promise<void> {
    // Synchronously, so the client's own listener for the same settings change does not send them
    // to a server that is about to stop (vscode-languageclient logs that as a failed start).
    this.syncing = undefined;
    return this.enqueue(async () => {
      traceInfo(`Server: restart (${reason})`);
      await this.stopClient();
      await this.startClient(userRequested);
    });
  }

  stop(): Promise<void> {
    this.syncing = undefined;
    return this.enqueue(() => this.stopClient());
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch((error) => traceError('Server:', error));
    return this.queue;
  }

  private async startClient(userRequested: boolean): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const settings = getSettings(folder?.uri);
    if (!settings.enable) {
      traceInfo('Server: not started, "llmBrief.enable" is false.');
      return;
    }
    const interpreter = await findInterpreter(folder);
    this.lastInterpreter = interpreter;
    if (!interpreter) {
      this.warn(
        'no-python',
        'LLM Brief: no Python interpreter found. Set "llmBrief.python", or select one with the Python extension.',
        userRequested,
        ['Open Settings'],
      );
      return;
    }
    logInterpreter(interpreter);
    const probe = await probeInterpreter(interpreter.path);
    if (!probe.ok) {
      const message = describeProbeFailure(interpreter.path, probe);
      traceError(message, probe.missing);
      this.warn(`probe:${interpreter.path}`, message, userRequested, ['Open Settings', 'Copy Command'], interpreter);
      return;
    }

    const self: { client?: LanguageClient } = {};
    const client = this.createClient(
      {
        command: interpreter.path,
        args: ['-m', SERVER_MODULE],
        options: { cwd: folder?.uri.fsPath, env: { ...process.env, PYTHONUNBUFFERED: '1' } },
      },
      {
        documentSelector: [{ scheme: 'file', language: 'python' }],
        outputChannel: this.log,
        revealOutputChannelOn: RevealOutputChannelOn.Never,
        initializationOptions: serverSettings(settings),
        synchronize: { configurationSection: CONFIG_SECTION },
        errorHandler: new CrashLimit(() =>
          this.warn('crashed', 'LLM Brief: the language server keeps stopping; it will not be restarted.', true, [
            'Show Server Log',
            'Restart Server',
          ]),
        ),
        middleware: {
          workspace: {
            didChangeConfiguration: (sections, next) =>
              this.syncing === self.client ? next(sections) : Promise.resolve(),
          },
          executeCommand: async (command, args, next) => {
            const result: unknown = await next(command, args);
            if (command === ServerCommands.copyRerun && typeof result === 'string' && result) {
              await vscode.env.clipboard.writeText(result);
              void vscode.window.showInformationMessage(`LLM Brief: copied \`${result}\``);
            }
            return result;
          },
        },
      },
    );
    self.client = client;
    this.client = client;
    this.clientSubscriptions.push(
      client.onNotification(STATUS_NOTIFICATION, (params: unknown) => this.acceptStatus(params)),
    );
    try {
      await client.start();
    } catch (error) {
      traceError('Server: failed to start:', error);
      this.warn(`start:${interpreter.path}`, `LLM Brief: the language server did not start (${interpreter.path} -m ${SERVER_MODULE}).`, userRequested, ['Show Server Log']);
      await this.stopClient();
      return;
    }
    this.syncing = client;
    traceInfo('Server: running.');
    try {
      const statuses = await client.sendRequest<unknown>(GET_STATUS_REQUEST, {});
      for (const status of Array.isArray(statuses) ? statuses : []) {
        this.acceptStatus(status);
      }
    } catch (error) {
      // Older servers may not answer; their notifications and the file watcher still work.
      traceWarn(`Server: ${GET_STATUS_REQUEST} failed:`, error);
    }
  }

  private acceptStatus(params: unknown): void {
    const status = parseRunStatus(params);
    if (status) {
      this.store.update(status);
    } else {
      traceWarn(`Server: ignoring a malformed ${STATUS_NOTIFICATION}:`, params);
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const subscription of this.clientSubscriptions) {
      subscription.dispose();
    }
    this.clientSubscriptions = [];
    if (client) {
      try {
        await client.stop(2000);
      } catch (error) {
        traceWarn('Server: stop failed:', error);
      }
    }
  }

  private warn(key: string, message: string, force: boolean, choices: Choice[], interpreter?: Interpreter): void {
    if (this.warned.has(key) && !force) {
      return;
    }
    this.warned.add(key);
    void vscode.window.showWarningMessage(message, ...choices).then(async (choice: Choice | undefined) => {
      switch (choice) {
        case 'Open Settings':
          await vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.python`);
          break;
        case 'Copy Command':
          if (interpreter) {
            await vscode.env.clipboard.writeText(pipInstallCommand(interpreter.path));
          }
          break;
        case 'Show Server Log':
          this.log.show(true);
          break;
        case 'Restart Server':
          await this.restart('requested from a notification', true);
          break;
        default:
          break;
      }
    });
  }

  dispose(): void {
    void this.stop();
  }
}
