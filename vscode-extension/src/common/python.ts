// Finding the Python interpreter that runs the server, and checking llm-brief is installed there.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { PIP_REQUIREMENT, PYTHON_EXTENSION_ID, SERVER_MODULE } from './constants';
import { traceError, traceInfo } from './log';
import { expandPath, getSettings } from './settings';

export type InterpreterSource = 'setting' | 'python-extension' | 'path';

export interface Interpreter {
  path: string;
  source: InterpreterSource;
}

/** The part of the Python extension's API used here (it is an optional dependency). */
interface PythonExtensionApi {
  environment?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(
      environment: { path: string } | string,
    ): Promise<{ executable: { uri: vscode.Uri | undefined } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

async function pythonExtensionApi(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) {
    return undefined;
  }
  try {
    return extension.isActive ? extension.exports : await extension.activate();
  } catch (error) {
    traceError('The Python extension failed to activate:', error);
    return undefined;
  }
}

async function fromPythonExtension(folder?: vscode.WorkspaceFolder): Promise<string | undefined> {
  const environment = (await pythonExtensionApi())?.environment;
  if (!environment) {
    return undefined;
  }
  try {
    const active = environment.getActiveEnvironmentPath(folder?.uri);
    const resolved = await environment.resolveEnvironment(active);
    return resolved?.executable.uri?.fsPath;
  } catch (error) {
    traceError('Could not read the Python extension\'s active interpreter:', error);
    return undefined;
  }
}

/** The first executable called `name` on PATH, like `which`. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) {
          return candidate;
        }
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/**
 * The interpreter for a folder: `llmBrief.python` if set, else the Python extension's active
 * interpreter when that extension is installed, else `python3` / `python` on PATH.
 */
export async function findInterpreter(folder?: vscode.WorkspaceFolder): Promise<Interpreter | undefined> {
  const configured = getSettings(folder?.uri).python;
  if (configured) {
    return { path: expandPath(configured, folder?.uri.fsPath), source: 'setting' };
  }
  const active = await fromPythonExtension(folder);
  if (active) {
    return { path: active, source: 'python-extension' };
  }
  for (const name of ['python3', 'python']) {
    const found = findOnPath(name);
    if (found) {
      return { path: found, source: 'path' };
    }
  }
  return undefined;
}

/** Call `listener` when the Python extension's active interpreter changes (never, without it). */
export async function onDidChangePythonInterpreter(listener: () => void): Promise<vscode.Disposable> {
  const event = (await pythonExtensionApi())?.environment?.onDidChangeActiveEnvironmentPath;
  return event ? event(() => listener()) : new vscode.Disposable(() => undefined);
}

/** What running the interpreter said about the modules the server needs. */
export interface Probe {
  /** The interpreter ran and every module imported. */
  ok: boolean;
  /** Module name → import error, for those that did not import. */
  missing: Record<string, string>;
  /** Set when the interpreter could not be run at all. */
  error?: string;
}

export const SERVER_MODULES: readonly string[] = ['llm_brief', SERVER_MODULE, 'pygls'];

const PROBE_SCRIPT = `
import importlib, json, sys
missing = {}
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception as exc:
        missing[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps({"missing": missing}))
`;

/** Run `python -c` to import the server's modules; never throws. */
export function probeInterpreter(python: string, modules: readonly string[] = SERVER_MODULES): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(python, ['-c', PROBE_SCRIPT, ...modules], { timeout: 30_000 }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const parsed = JSON.parse(line) as { missing?: Record<string, string> };
        const missing = parsed.missing ?? {};
        resolve({ ok: Object.keys(missing).length === 0, missing });
        return;
      } catch {
        // not the probe's output: the interpreter did not run the script
      }
      const reason = error ? error.message : 'no output';
      resolve({ ok: false, missing: {}, error: (stderr.trim() || reason).split('\n').slice(-3).join(' ') });
    });
  });
}

/** A shell-ready `pip install` command for the interpreter. */
export function pipInstallCommand(python: string): string {
  const quoted = /[\s"'$`\\]/.test(python) ? `"${python.replace(/(["$`\\])/g, '\\$1')}"` : python;
  return `${quoted} -m pip install "${PIP_REQUIREMENT}"`;
}

/** The notification text for an interpreter that cannot run the server. */
export function describeProbeFailure(python: string, probe: Probe): string {
  if (probe.error !== undefined) {
    return (
      `LLM Brief: cannot run the Python interpreter ${python} (${probe.error}). ` +
      'Set "llmBrief.python" to a Python that has llm-brief installed.'
    );
  }
  const missing = Object.keys(probe.missing);
  const what = missing.includes('llm_brief')
    ? 'llm-brief is not installed'
    : `llm-brief is installed without its language-server extra (missing: ${missing.join(', ')})`;
  return `LLM Brief: ${what} for ${python}. Install it with: ${pipInstallCommand(python)}`;
}

export function logInterpreter(interpreter: Interpreter): void {
  traceInfo(`Python interpreter: ${interpreter.path} (from ${interpreter.source})`);
}
