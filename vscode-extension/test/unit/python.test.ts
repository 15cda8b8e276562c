import '../mocks/install';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  describeProbeFailure,
  findInterpreter,
  findOnPath,
  pipInstallCommand,
  probeInterpreter,
} from '../../src/common/python';
import { fakePython, tempDir } from '../mocks/helpers';
import { mock, Uri } from '../mocks/vscode';
import type * as vscode from 'vscode';

const savedPath = process.env.PATH;

function pythonExtension(executable: string | undefined, isActive = true) {
  return {
    isActive,
    exports: {
      environment: {
        getActiveEnvironmentPath: () => ({ path: executable ?? '' }),
        resolveEnvironment: () =>
          Promise.resolve({ executable: { uri: executable ? Uri.file(executable) : undefined } }),
      },
    },
    activate() {
      this.isActive = true;
      return Promise.resolve(this.exports);
    },
  };
}

describe('findInterpreter', () => {
  let dir: string;
  beforeEach(() => {
    mock.reset();
    dir = tempDir();
    fakePython(dir, 'python3', '');
    process.env.PATH = dir;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('prefers llmBrief.python, expanded', async () => {
    mock.configuration['llmBrief.python'] = '~/envs/brief/bin/python';
    mock.extensions.set('ms-python.python', pythonExtension('/ext/python'));
    assert.deepEqual(await findInterpreter(), {
      path: path.join(os.homedir(), 'envs/brief/bin/python'),
      source: 'setting',
    });
  });

  it('expands ${workspaceFolder} against the folder', async () => {
    mock.configuration['llmBrief.python'] = '${workspaceFolder}/.venv/bin/python';
    const folder = mock.folder('/ws') as unknown as vscode.WorkspaceFolder;
    assert.equal((await findInterpreter(folder))?.path, '/ws/.venv/bin/python');
  });

  it('uses the Python extension when installed, activating it', async () => {
    const extension = pythonExtension('/ext/python', false);
    mock.extensions.set('ms-python.python', extension);
    assert.deepEqual(await findInterpreter(), { path: '/ext/python', source: 'python-extension' });
    assert.equal(extension.isActive, true);
  });

  it('falls back to PATH when the extension has no interpreter', async () => {
    mock.extensions.set('ms-python.python', pythonExtension(undefined));
    assert.deepEqual(await findInterpreter(), { path: path.join(dir, 'python3'), source: 'path' });
  });

  it('tries python3, then python, on PATH', async () => {
    fs.rmSync(path.join(dir, 'python3'));
    fakePython(dir, 'python', '');
    assert.equal((await findInterpreter())?.path, path.join(dir, 'python'));
    fs.rmSync(path.join(dir, 'python'));
    assert.equal(await findInterpreter(), undefined);
  });

  it('skips files on PATH that are not executable', () => {
    fs.writeFileSync(path.join(dir, 'python'), '', { mode: 0o644 });
    assert.equal(findOnPath('python', dir), undefined);
  });
});

describe('probeInterpreter', () => {
  it('reports modules that do not import', async () => {
    const dir = tempDir();
    const python = fakePython(dir, 'python', '{"missing": {"llm_brief": "ModuleNotFoundError: No module named \'llm_brief\'"}}');
    const probe = await probeInterpreter(python);
    assert.equal(probe.ok, false);
    assert.deepEqual(Object.keys(probe.missing), ['llm_brief']);
    assert.equal(probe.error, undefined);
  });

  it('says when the interpreter cannot run', async () => {
    const probe = await probeInterpreter('/nonexistent/python3');
    assert.equal(probe.ok, false);
    assert.match(probe.error ?? '', /ENOENT/);
  });

  const python3 = findOnPath('python3');
  it('imports for real with a real Python', { skip: python3 ? false : 'no python3 on PATH' }, async () => {
    assert.deepEqual(await probeInterpreter(python3!, ['json']), { ok: true, missing: {} });
    const probe = await probeInterpreter(python3!, ['json', 'no_such_module_for_llm_brief']);
    assert.deepEqual(Object.keys(probe.missing), ['no_such_module_for_llm_brief']);
  });
});

describe('the install hint', () => {
  it('is an exact pip command for that interpreter', () => {
    assert.equal(pipInstallCommand('/usr/bin/python3'), '/usr/bin/python3 -m pip install "llm-brief[lsp]"');
    assert.equal(
      pipInstallCommand('/Users/a b/venv/bin/python'),
      '"/Users/a b/venv/bin/python" -m pip install "llm-brief[lsp]"',
    );
  });

  it('names the interpreter and what is missing', () => {
    const noPackage = describeProbeFailure('/py', { ok: false, missing: { llm_brief: 'x', pygls: 'y' } });
    assert.equal(noPackage, 'LLM Brief: llm-brief is not installed for /py. Install it with: /py -m pip install "llm-brief[lsp]"');
    const noExtra = describeProbeFailure('/py', { ok: false, missing: { pygls: 'y' } });
    assert.match(noExtra, /without its language-server extra \(missing: pygls\) for \/py/);
    const broken = describeProbeFailure('/py', { ok: false, missing: {}, error: 'spawn /py ENOENT' });
    assert.match(broken, /cannot run the Python interpreter \/py \(spawn \/py ENOENT\)/);
  });
});
