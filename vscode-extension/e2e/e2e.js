// The browser half of run.sh: opens the fixture in code-server with Playwright and Debian's
// Chromium, checks the Problems panel and the status bar against the run's dashboard, fixes the
// DI root cause, reruns through "LLM Brief: Run Tests with Briefing", and checks that the panel
// and the status bar follow; and that the editor's MCP server list shows the LLM Brief server.
// Waits on editor state with timeouts, never on fixed sleeps.
// Usage: node e2e.js --url URL --workspace DIR --artifacts DIR [--timeout SECONDS]
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { readProblems, readStatusBar, runCommand, screenshot, showLine, showProblems, STATUS_ITEM } = require('./workbench');

function parseArgs(argv) {
  const opts = { timeout: 90 };
  for (let i = 0; i < argv.length; i += 2) {
    opts[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  for (const key of ['url', 'workspace', 'artifacts']) {
    if (!opts[key]) {
      throw new Error(`missing --${key}`);
    }
  }
  opts.timeout = Number(opts.timeout) * 1000;
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const log = (message) => process.stderr.write(`[e2e] ${message}\n`);

/** What the editor should show, from the dashboard the run wrote. */
function readDashboard() {
  const data = JSON.parse(fs.readFileSync(path.join(opts.workspace, '.llm-brief', 'dashboard.json'), 'utf8'));
  return {
    health: data.health,
    startedAt: data.run.started_at,
    issues: data.issues.map((i) => ({ id: i.id, category: i.category, path: i.location.path, line: i.location.line })),
  };
}

/** The 1-based line of the first line of `file` (in the workspace) containing `needle`. */
function lineOf(file, needle) {
  const lines = fs.readFileSync(path.join(opts.workspace, file), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) {
    throw new Error(`${file} has no line with ${needle}`);
  }
  return index + 1;
}

function shot(name) {
  return path.join(opts.artifacts, name);
}

function issuesLabel(count) {
  return `${count} issue${count === 1 ? '' : 's'}`;
}

/** Poll `check` (returning an error string, or null when satisfied) until it passes or time runs out. */
async function waitFor(page, description, check) {
  const deadline = Date.now() + opts.timeout;
  let problem = 'not checked';
  while (Date.now() < deadline) {
    problem = await check();
    if (problem === null) {
      return;
    }
    await page.waitForTimeout(500);
  }
  const file = shot(`failed-${description.replace(/\W+/g, '-')}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  throw new Error(`timed out after ${opts.timeout / 1000} s waiting for ${description}: ${problem} (screenshot ${file})`);
}

/** Null when the panel lists each issue as an llm-brief error at its file and line. */
function problemsMatch(problems, issues) {
  for (const issue of issues) {
    const found = problems.markers.find(
      (m) =>
        m.file === issue.path &&
        m.line === issue.line &&
        m.severity === 'error' &&
        m.source === 'llm-brief' &&
        m.code === issue.id,
    );
    if (!found) {
      const seen = problems.markers
        .filter((m) => m.severity === 'error')
        .map((m) => `${m.file}:${m.line} ${m.code}`);
      return `no error ${issue.id} at ${issue.path}:${issue.line} (errors shown: ${seen.join(', ') || 'none'})`;
    }
  }
  const errors = problems.markers.filter((m) => m.severity === 'error' && m.source === 'llm-brief');
  if (errors.length !== issues.length) {
    return `${errors.length} llm-brief errors shown for ${issues.length} issues`;
  }
  return null;
}

function statusMatches(status, dashboard) {
  const expected = `LLM Brief: ${dashboard.health} · ${issuesLabel(dashboard.issues.length)}`;
  if (!status) {
    return 'no LLM Brief status bar item';
  }
  if (!status.text.includes(expected)) {
    return `status bar shows "${status.text}", expected "${expected}"`;
  }
  const colour = { ERROR: 'error-kind', CRITICAL: 'error-kind', WARNING: 'warning-kind' }[dashboard.health];
  if (colour && !status.classes.includes(colour)) {
    return `status bar item is not coloured ${colour} (classes: ${status.classes})`;
  }
  return null;
}

/** Register the missing ExchangeClient provider: the DI root cause's fix. */
function fixDependencyInjection() {
  const file = path.join(opts.workspace, 'tradebot', 'container.py');
  const source = fs.readFileSync(file, 'utf8');
  const anchor = '    container.register("Clock", lambda: "clock")\n';
  if (!source.includes(anchor)) {
    throw new Error(`tradebot/container.py changed: no line ${anchor.trim()}`);
  }
  const fixed = source
    .replace(anchor, `${anchor}    container.register("ExchangeClient", lambda: FakeClient())\n`)
    .replace(
      'def build_container() -> Container:',
      'class FakeClient:\n    def route(self, symbol: str, qty: float) -> bool:\n        return True\n\n\ndef build_container() -> Container:',
    );
  fs.writeFileSync(file, fixed);
}

/**
 * Point llmBrief.python at an interpreter without llm-brief: the extension must say so once, with
 * the interpreter and the exact pip command, offer the settings, and keep the status bar.
 */
async function checkMissingPackage(page, dashboard) {
  const python = opts['bare-python'];
  // The Remote settings override the User ones, and code-server notices when their file changes.
  fs.writeFileSync(opts['remote-settings'], JSON.stringify({ 'llmBrief.python': python }, null, 1));
  log(`llmBrief.python is now ${python} (Remote settings), which has no llm-brief`);
  const toast = page.locator('.notification-toast', { hasText: 'llm-brief is not installed' });
  let text = '';
  await waitFor(page, 'the missing-package notification', async () => {
    if ((await toast.count()) === 0) {
      return 'no notification';
    }
    text = (await toast.first().innerText()).replace(/\s+/g, ' ');
    const command = `${python} -m pip install "llm-brief[lsp]"`;
    if (!text.includes(python) || !text.includes(command)) {
      return `notification does not name ${python} and "${command}": ${text}`;
    }
    return /Open Settings/.test(text) ? null : `no Open Settings button: ${text}`;
  });
  log(`notification: "${text}"`);
  await screenshot(page, shot('05-missing-package-notification.png'));
  if ((await toast.count()) !== 1) {
    throw new Error(`expected one missing-package notification, got ${await toast.count()}`);
  }
  await toast.first().locator('.monaco-button', { hasText: 'Open Settings' }).click();
  await waitFor(page, 'the settings editor at llmBrief.python', async () =>
    (await page.locator('.settings-editor .setting-item-contents', { hasText: 'Python' }).count()) > 0 &&
    (await page.locator('.settings-editor').innerText()).includes('llm-brief[lsp]')
      ? null
      : 'the settings editor does not show llmBrief.python',
  );
  log('Open Settings showed llmBrief.python');
  await screenshot(page, shot('06-settings-from-notification.png'));
  const status = await readStatusBar(page);
  const problem = statusMatches(status, dashboard);
  if (problem) {
    throw new Error(`without a server the status bar should still follow the dashboard: ${problem}`);
  }
  return { notification: text, statusBar: status };
}

/** VS Code asks once whether to trust an MCP server before starting it; say yes if it asks. */
async function dismissTrustDialog(page) {
  const dialog = page.locator('.monaco-dialog-box');
  try {
    await dialog.waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    return;
  }
  await screenshot(page, shot('01c-mcp-trust-dialog.png'));
  log(`dialog: "${(await dialog.innerText()).replace(/\s+/g, ' ').slice(0, 200)}"`);
  await dialog.locator('.monaco-button', { hasText: /Trust|Allow|Start|Yes|OK/ }).first().click();
}

/** The editor's MCP server list ("MCP: List Servers") shows the server the extension registers. */
async function checkMcpServerList(page) {
  try {
    await runCommand(page, 'MCP: List Servers');
  } catch (error) {
    throw new Error(`code-server has no "MCP: List Servers" command (no MCP workbench in this build?): ${error.message.split('\n')[0]}`);
  }
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  let labels = [];
  await waitFor(page, 'LLM Brief in the MCP server list', async () => {
    labels = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    return labels.some((l) => l.includes('LLM Brief')) ? null : `the list shows ${JSON.stringify(labels)}`;
  });
  log(`MCP server list: ${JSON.stringify(labels)}`);
  await screenshot(page, shot('01b-mcp-server-list.png'));
  // Start it from the list: the editor then runs `python -m llm_brief.cli mcp` and lists its tools.
  await rows.filter({ hasText: 'LLM Brief' }).first().click();
  const start = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Start Server' }).first();
  await start.waitFor({ state: 'visible', timeout: 10000 });
  await start.click();
  await dismissTrustDialog(page);
  let state = [];
  await waitFor(page, 'the LLM Brief MCP server to be running', async () => {
    await runCommand(page, 'MCP: List Servers');
    await rows.first().waitFor({ state: 'visible', timeout: 5000 });
    state = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter((l) => l.includes('LLM Brief'));
    await page.keyboard.press('Escape');
    return state.some((l) => /Running/i.test(l)) ? null : `the list shows ${JSON.stringify(state)}`;
  });
  log(`MCP server state: ${JSON.stringify(state)}`);
  // Its output channel says how many tools the editor discovered from it.
  await runCommand(page, 'MCP: List Servers');
  await rows.filter({ hasText: 'LLM Brief' }).first().click();
  const output = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Output' }).first();
  await output.waitFor({ state: 'visible', timeout: 10000 });
  await output.click();
  let discovered = '';
  await waitFor(page, 'the MCP output to report the discovered tools', async () => {
    const text = (await page.locator('.part.panel .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
    discovered = (/Discovered \d+ tools?/.exec(text) || [''])[0];
    return discovered ? null : `the output shows ${JSON.stringify(text.slice(-300))}`;
  });
  log(`MCP output: ${discovered}`);
  await screenshot(page, shot('01c-mcp-server-output.png'));
  if (discovered !== 'Discovered 5 tools') {
    throw new Error(`expected the editor to discover the 5 llm-brief tools, got "${discovered}"`);
  }
  return { listed: labels, started: state, discovered };
}

async function main() {
  const first = readDashboard();
  const result = { first: {}, second: {} };
  log(`first run: ${first.health}, ${first.issues.length} issues`);

  // The acceptance suite's five root causes, the DI one on its `raise` line in the container.
  if (first.issues.length !== 5) {
    throw new Error(`expected 5 root causes in the first run, the dashboard has ${first.issues.length}`);
  }
  const raiseLine = lineOf('tradebot/container.py', 'raise LookupError');
  const di = first.issues.find((i) => i.path === 'tradebot/container.py' && i.line === raiseLine);
  if (!di) {
    throw new Error(`no issue at tradebot/container.py:${raiseLine} in the dashboard: ${JSON.stringify(first.issues)}`);
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const opened = Date.now();
    await page.goto(`${opts.url}/?folder=${encodeURIComponent(opts.workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });

    let problems;
    await waitFor(page, 'the first run in the Problems panel', async () => {
      problems = await readProblems(page);
      return problemsMatch(problems, first.issues);
    });
    log(`Problems panel lists the ${first.issues.length} root causes (${((Date.now() - opened) / 1000).toFixed(1)} s after opening)`);
    const linked = problems.markers.filter((m) => m.source === 'llm-brief' && m.codeLink !== null);
    if (linked.length === 0 || !linked.every((m) => m.codeLink.includes('briefing.md'))) {
      throw new Error(`problem codes do not link to the briefing: ${JSON.stringify(linked.slice(0, 3))}`);
    }
    let status;
    await waitFor(page, 'the first run in the status bar', async () => statusMatches((status = await readStatusBar(page)), first));
    log(`status bar: "${status.text}"`);
    await showLine(page, 'tradebot/container.py', raiseLine);
    await showProblems(page);
    await screenshot(page, shot('01-problems-first-run.png'));
    result.first = { dashboard: first, problems: problems.markers, statusBar: status };
    result.mcpServers = await checkMcpServerList(page);

    await page.locator(STATUS_ITEM).click();
    await waitFor(page, 'briefing.md to open from the status bar', async () =>
      (await page.locator('.tabs-container .tab', { hasText: 'briefing.md' }).count()) > 0 ? null : 'no briefing.md tab',
    );
    log('clicking the status bar opened briefing.md');
    await screenshot(page, shot('02-briefing-from-status-bar.png'));

    fixDependencyInjection();
    log('registered the ExchangeClient provider; running "LLM Brief: Run Tests with Briefing"');
    await runCommand(page, 'LLM Brief: Run Tests with Briefing');
    let second;
    await waitFor(page, 'a new dashboard from the second run', async () => {
      try {
        second = readDashboard();
      } catch (error) {
        return String(error);
      }
      return second.startedAt !== first.startedAt ? null : 'the dashboard is still the first run\'s';
    });
    fs.copyFileSync(path.join(opts.workspace, '.llm-brief', 'dashboard.json'), path.join(opts.artifacts, 'dashboard-second-run.json'));
    await screenshot(page, shot('03-run-tests-with-briefing.png'));
    log(`second run: ${second.health}, ${second.issues.length} issues`);
    if (second.issues.some((i) => i.id === di.id) || second.issues.length !== first.issues.length - 1) {
      throw new Error(`the fix should remove exactly the DI issue: ${JSON.stringify(second.issues)}`);
    }

    await waitFor(page, 'the DI issue to leave the Problems panel', async () => {
      problems = await readProblems(page);
      const stale = problems.markers.find((m) => m.code === di.id);
      if (stale) {
        return `still shown: ${stale.file}:${stale.line} ${stale.message}`;
      }
      return problemsMatch(problems, second.issues);
    });
    log(`the DI issue left the Problems panel; ${second.issues.length} root causes remain`);
    await waitFor(page, 'the second run in the status bar', async () => statusMatches((status = await readStatusBar(page)), second));
    log(`status bar: "${status.text}"`);
    await showLine(page, 'tradebot/container.py', raiseLine);
    await showProblems(page);
    await screenshot(page, shot('04-problems-after-fix.png'));
    result.second = { dashboard: second, problems: problems.markers, statusBar: status };

    if (opts['bare-python'] && opts['remote-settings']) {
      result.missingPackage = await checkMissingPackage(page, second);
    }
  } finally {
    fs.writeFileSync(path.join(opts.artifacts, 'result.json'), JSON.stringify(result, null, 1));
    await browser.close();
  }
}

main().then(
  () => log('editor checks passed'),
  (error) => {
    log(`FAIL: ${error.message}`);
    process.exit(1);
  },
);
