import '../mocks/install';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import type * as vscodeTypes from 'vscode';
import { AGENT_TOOLS, MCP_PROVIDER_ID, callTool, registerAgentTools } from '../../src/common/agentTools';
import { tempDir } from '../mocks/helpers';
import * as vscode from '../mocks/vscode';
import { agentMock, mock } from '../mocks/vscode';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  contributes: { mcpServerDefinitionProviders: { id: string }[]; languageModelTools: { name: string; inputSchema: object }[] };
};

/** A stand-in interpreter: prints its arguments (one per line), or fails, or sleeps until killed. */
function scriptPython(dir: string, body: string): string {
  const file = path.join(dir, 'python');
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

const ECHO_ARGS = 'for a in "$@"; do echo "$a"; done';

describe('agent tools', () => {
  let dir: string;
  beforeEach(() => {
    mock.reset();
    agentMock.reset();
    dir = tempDir();
    mock.workspaceFolders = [mock.folder(dir)];
  });

  it('offers one MCP server per folder, started with the folder\'s interpreter', async () => {
    const python = scriptPython(dir, ECHO_ARGS);
    mock.configuration['llmBrief.python'] = python;
    const disposables = registerAgentTools(vscode as unknown as Parameters<typeof registerAgentTools>[0]);
    const provider = agentMock.providers.get(MCP_PROVIDER_ID);
    assert.ok(provider);
    const [server, ...more] = await provider.provideMcpServerDefinitions(undefined);
    assert.equal(more.length, 0);
    assert.equal(server.label, 'LLM Brief');
    assert.equal(server.command, python);
    assert.deepEqual(server.args, ['-m', 'llm_brief.cli', 'mcp', '--root', dir]);
    assert.equal(server.cwd?.fsPath, dir);
    assert.deepEqual([...agentMock.tools.keys()].sort(), Object.keys(AGENT_TOOLS).sort());
    for (const disposable of disposables) {
      disposable.dispose();
    }
    assert.equal(agentMock.providers.size, 0);
  });

  it('registers nothing and does not throw in an editor without the agent APIs', () => {
    const older = { ...vscode, lm: undefined, McpStdioServerDefinition: undefined };
    assert.deepEqual(registerAgentTools(older as unknown as Parameters<typeof registerAgentTools>[0]), []);
    assert.equal(agentMock.tools.size, 0);
  });

  it('matches the manifest: the provider id, every tool with a schema, an engine old VS Code accepts', () => {
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id), [MCP_PROVIDER_ID]);
    const tools = manifest.contributes.languageModelTools;
    assert.deepEqual(tools.map((t) => t.name).sort(), Object.keys(AGENT_TOOLS).sort());
    assert.ok(tools.every((t) => typeof t.inputSchema === 'object'));
    assert.equal(manifest.engines.vscode, '^1.82.0');
  });

  it('a tool call runs `llm-brief mcp --call` in the folder and answers its text', async () => {
    mock.configuration['llmBrief.python'] = scriptPython(dir, ECHO_ARGS);
    registerAgentTools(vscode as unknown as Parameters<typeof registerAgentTools>[0]);
    const source = new vscode.CancellationTokenSource();
    const result = await agentMock.tools.get('llm_brief_issue')!.invoke({ input: { id: 'di-b3e823' } }, source.token);
    const text = (result.content[0] as vscode.LanguageModelTextPart).value;
    assert.deepEqual(text.split('\n'), ['-m', 'llm_brief.cli', 'mcp', '--root', dir, '--call', 'issue', '--args', '{"id":"di-b3e823"}']);
  });

  it('a failed call rejects with what the command said', async () => {
    const python = scriptPython(dir, 'echo "unknown issue id \'x\'" >&2; exit 1');
    const token = new vscode.CancellationTokenSource().token as unknown as vscodeTypes.CancellationToken;
    await assert.rejects(callTool(python, dir, 'issue', { id: 'x' }, token), /unknown issue id 'x'/);
  });

  it('cancelling sends SIGTERM, which the command answers as a cancellation', async () => {
    const started = path.join(dir, 'started');
    const python = scriptPython(dir, `trap 'echo "run_tests: cancelled" >&2; exit 1' TERM\ntouch ${started}\nwhile true; do sleep 0.1; done`);
    const source = new vscode.CancellationTokenSource();
    const call = callTool(python, dir, 'run_tests', { last_failed: true }, source.token);
    const deadline = Date.now() + 5000;
    while (!fs.existsSync(started)) {
      assert.ok(Date.now() < deadline, 'the stand-in never started');
      await new Promise((resolve) => setTimeout(resolve, 20)); // polling with a deadline
    }
    source.cancel();
    await assert.rejects(call, /cancelled/);
  });
});
