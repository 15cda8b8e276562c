// The "LLM Brief" output channel: the extension's own log and the language client's.
import * as vscode from 'vscode';
import { SERVER_NAME } from './constants';

let channel: vscode.LogOutputChannel | undefined;

/** Create the output channel once; the language client writes the server's stderr to it too. */
export function createLogChannel(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel(SERVER_NAME, { log: true });
  return channel;
}

/** Forget the channel (after it is disposed, and between unit tests). */
export function resetLogChannel(): void {
  channel = undefined;
}

function describe(args: unknown[]): string {
  return args
    .map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : JSON.stringify(a)))
    .join(' ');
}

export function traceInfo(...args: unknown[]): void {
  channel?.info(describe(args));
}

export function traceWarn(...args: unknown[]): void {
  channel?.warn(describe(args));
}

export function traceError(...args: unknown[]): void {
  channel?.error(describe(args));
}
