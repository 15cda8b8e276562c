// Imported first by every unit test: makes `require('vscode')` (and the language client, which
// needs a real editor) resolve to the in-memory stand-ins.
import * as client from './languageclient';
import * as vscode from './vscode';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module') as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = Module._load;
Module._load = (request: string, ...rest: unknown[]): unknown => {
  if (request === 'vscode') {
    return vscode;
  }
  if (request === 'vscode-languageclient/node') {
    return client;
  }
  return load.call(Module, request, ...rest);
};
