// What agents in the editor get: the llm-brief MCP server, registered so Copilot agent mode sees it
// with no configuration, and the same operations as language model tools. Both APIs are newer
// than the extension's minimum VS Code, so each is looked up at run time and skipped where absent;
// they are typed here rather than by raising @types/vscode above the engine version.
import { spawn } from 'child_process';
import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';
import { traceError, traceInfo } from './log';
import { findInterpreter } from './python';

export const MCP_PROVIDER_ID = 'llmBrief.mcpServers';
export const MCP_SERVER_LABEL = 'LLM Brief';
/** Language model tool name (package.json `languageModelTools`) → the MCP tool it runs. */
export const AGENT_TOOLS: Readonly<Record<string, string>> = Object.freeze({
  llm_brief_brief: 'brief',
  llm_brief_issue: 'issue',
  llm_brief_run_tests: 'run_tests',
  llm_brief_logs: 'logs',
  llm_brief_app: 'app',
});

interface McpStdioServerDefinition {
  readonly label: string;
  command: string;
  args: string[];
  cwd?: vscode.Uri;
}

interface McpServerDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): Promise<McpStdioServerDefinition[]>;
}

interface LanguageModelTool {
  invoke(options: { input: Record<string, unknown> }, token: vscode.CancellationToken): Promise<unknown>;
}

/** The part of VS Code's newer API used here; every member may be missing in an older editor. */
interface AgentApi {
  lm?: {
    registerMcpServerDefinitionProvider?(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
    registerTool?(name: string, tool: LanguageModelTool): vscode.Disposable;
  };
  McpStdioServerDefinition?: new (label: string, command: string, args?: string[]) => McpStdioServerDefinition;
  LanguageModelToolResult?: new (content: unknown[]) => unknown;
  LanguageModelTextPart?: new (value: string) => unknown;
}

/** `python -m llm_brief.cli mcp --root FOLDER`, the argv every integration starts. */
export function serverArgs(folder: string): string[] {
  return ['-m', 'llm_brief.cli', 'mcp', '--root', folder];
}

/** The folder agents work in: the active editor's, else the first. */
function currentFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
}

/** One server per workspace folder, started with the folder's interpreter. */
async function definitions(api: AgentApi): Promise<McpStdioServerDefinition[]> {
  const Definition = api.McpStdioServerDefinition;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!Definition) {
    return [];
  }
  const found: McpStdioServerDefinition[] = [];
  for (const folder of folders) {
    const interpreter = await findInterpreter(folder);
    if (!interpreter) {
      traceError(`No Python interpreter for ${folder.name}: its MCP server is not offered.`);
      continue;
    }
    const label = folders.length > 1 ? `${MCP_SERVER_LABEL} (${folder.name})` : MCP_SERVER_LABEL;
    const definition = new Definition(label, interpreter.path, serverArgs(folder.uri.fsPath));
    definition.cwd = folder.uri;
    found.push(definition);
  }
  return found;
}

/**
 * Run one tool as `llm-brief mcp --call`: the answer is the MCP tool's own text. Cancelling the
 * token sends SIGTERM, which the command turns into a cancellation (a run's pytest group ends).
 */
export function callTool(
  python: string,
  folder: string,
  tool: string,
  input: Record<string, unknown>,
  token: vscode.CancellationToken,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [...serverArgs(folder), '--call', tool, '--args', JSON.stringify(input ?? {})], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const cancel = token.onCancellationRequested(() => child.kill('SIGTERM'));
    child.on('error', (error) => {
      cancel.dispose();
      reject(new Error(`LLM Brief: cannot run ${python}: ${error.message}`));
    });
    child.on('close', (code) => {
      cancel.dispose();
      if (code === 0) {
        resolve(stdout.trim());
      } else {
        reject(new Error(stderr.trim() || `llm-brief mcp --call ${tool} exited with ${code}`));
      }
    });
  });
}

/** Register the MCP server provider and the language model tools where the editor has the APIs. */
export function registerAgentTools(api: AgentApi = vscode as unknown as AgentApi): vscode.Disposable[] {
  const lm = api.lm;
  const registered: vscode.Disposable[] = [];
  if (lm?.registerMcpServerDefinitionProvider && api.McpStdioServerDefinition) {
    const changed = new vscode.EventEmitter<void>();
    registered.push(
      changed,
      lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
        onDidChangeMcpServerDefinitions: changed.event,
        provideMcpServerDefinitions: () => definitions(api),
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.python`)) {
          changed.fire();
        }
      }),
    );
    traceInfo('MCP server definition provider registered.');
  }
  const { LanguageModelToolResult: Result, LanguageModelTextPart: TextPart } = api;
  if (lm?.registerTool && Result && TextPart) {
    for (const [name, tool] of Object.entries(AGENT_TOOLS)) {
      registered.push(
        lm.registerTool(name, {
          invoke: async (options, token) => {
            const folder = currentFolder();
            const interpreter = folder && (await findInterpreter(folder));
            if (!folder || !interpreter) {
              throw new Error('LLM Brief: open a workspace folder with a Python interpreter that has llm-brief installed.');
            }
            const text = await callTool(interpreter.path, folder.uri.fsPath, tool, options.input, token);
            return new Result([new TextPart(text)]);
          },
        }),
      );
    }
    traceInfo('Language model tools registered.');
  }
  return registered;
}
