// Reading and driving code-server's workbench with Playwright: the Problems panel, the status
// bar, the command palette, Quick Open. What the e2e scenario (e2e.js) checks lives there.
'use strict';
const path = require('path');

/** The extension's status bar item: `<publisher>.<name>.<item id>`. */
const STATUS_ITEM = '[id="llm-brief.llm-brief.llmBrief.health"]';

async function showProblems(page) {
  if (!(await page.isVisible('.markers-panel'))) {
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel', { state: 'visible', timeout: 10000 }).catch(() => undefined);
  }
}

/** The focused row of the Problems tree, in the terms the checks use. */
function focusedRow(page) {
  return page
    .$eval('.markers-panel .monaco-list-row.focused', (e) => {
      const icon = e.querySelector('.marker-icon');
      const link = e.querySelector('.marker-code')?.closest('a');
      return {
        index: Number(e.getAttribute('data-index')),
        level: Number(e.getAttribute('aria-level')),
        label: e.getAttribute('aria-label') || '',
        text: e.innerText,
        severity: icon ? ((/\b(error|warning|info)\b/.exec(icon.className) || [])[1] ?? null) : null,
        codeLink: link ? link.getAttribute('href') || '' : null,
      };
    })
    .catch(() => null);
}

/** A file row's path relative to the folder, from its label "N problems in file NAME of folder DIR". */
function fileOf(label) {
  const match = /in file (.+?)(?: of folder (.+))?$/.exec(label);
  if (!match) {
    return null;
  }
  return match[2] ? `${match[2]}/${match[1]}` : match[1];
}

/**
 * Every problem in the Problems panel, with its file. The tree is virtualised (only the rows in
 * view are in the DOM), so walk it with the keyboard: the focused row is always rendered.
 */
async function readProblems(page) {
  await showProblems(page);
  const rows = [];
  if ((await page.locator('.markers-panel .monaco-list-row').count()) > 0) {
    await page.focus('.markers-panel .monaco-list');
    await page.keyboard.press('Home');
    for (let i = 0; i < 500; i++) {
      const row = await focusedRow(page);
      if (!row) {
        break;
      }
      rows.push(row);
      await page.keyboard.press('ArrowDown');
      const moved = await page
        .waitForFunction(
          (previous) =>
            document.querySelector('.markers-panel .monaco-list-row.focused')?.getAttribute('data-index') !== previous,
          String(row.index),
          { timeout: 1000, polling: 20 },
        )
        .then(() => true, () => false);
      if (!moved) {
        break;
      }
    }
  }
  const files = [];
  const markers = [];
  let file = null;
  for (const row of rows) {
    if (row.level === 1) {
      file = fileOf(row.label);
      files.push(file);
    } else if (row.level === 2) {
      const position = /\[Ln (\d+), Col (\d+)\]/.exec(row.text);
      const lines = row.text.split('\n').map((s) => s.trim()).filter(Boolean);
      markers.push({
        file,
        line: position ? Number(position[1]) : null,
        severity: row.severity,
        message: lines[0] ?? '',
        source: lines.includes('llm-brief') ? 'llm-brief' : null,
        code: lines.find((l) => /^[a-z]+-[0-9a-f]{4,}$/.test(l)) ?? null,
        codeLink: row.codeLink,
      });
    }
  }
  return { files, markers };
}

async function readStatusBar(page) {
  const item = page.locator(STATUS_ITEM);
  if ((await item.count()) === 0) {
    return null;
  }
  return {
    text: (await item.innerText()).trim(),
    classes: (await item.getAttribute('class')) || '',
  };
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.press('Enter');
}

/** Open `file` at `line` through Quick Open and Go to Line, for the screenshots; never fails the test. */
async function showLine(page, file, line) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  try {
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(file);
    // Click the match: Enter could still pick a recently opened file while the list filters.
    await widget.locator('.monaco-list-row', { hasText: path.basename(file) }).first().click({ timeout: 5000 });
    await page.locator('.tabs-container .tab.active', { hasText: path.basename(file) }).waitFor({ timeout: 5000 });
    await widget.waitFor({ state: 'hidden', timeout: 5000 });
    await page.keyboard.press('Control+G');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 5000 });
  } catch (error) {
    await page.keyboard.press('Escape');
    process.stderr.write(`[e2e] (could not show ${file}:${line} for the screenshot: ${error.message.split('\n')[0]})\n`);
  }
}

async function screenshot(page, file) {
  // Off the status bar item, so its hover colour does not hide its health colour.
  await page.mouse.move(700, 300);
  await page.screenshot({ path: file });
}

module.exports = { readProblems, readStatusBar, runCommand, screenshot, showLine, showProblems, STATUS_ITEM };
