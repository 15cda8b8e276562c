// Shared test helpers: temporary folders, fake interpreters, and waiting on events with a timeout.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'llm-brief-ext-'));
}

/** An executable that ignores its arguments and prints `output` (a stand-in for a Python). */
export function fakePython(dir: string, name: string, output: string, exitCode = 0): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\ncat <<'JSON'\n${output}\nJSON\nexit ${exitCode}\n`, { mode: 0o755 });
  return file;
}

/** Resolve with the first value `event` delivers, or reject after `ms`. */
export function nextEvent<T>(event: (listener: (value: T) => unknown) => { dispose(): unknown }, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no event within ${ms} ms`));
    }, ms);
    const subscription = event((value) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Resolve once `event` delivers a value for which `predicate` holds, or reject after `ms`. */
export function eventMatching<T>(
  event: (listener: (value: T) => unknown) => { dispose(): unknown },
  predicate: (value: T) => boolean,
  ms = 2000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no matching event within ${ms} ms`));
    }, ms);
    const subscription = event((value) => {
      if (predicate(value)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(value);
      }
    });
  });
}

export function writeDashboard(folder: string, health: string, issues: number, startedAt = '2026-01-01T00:00:00Z'): string {
  const dir = path.join(folder, '.llm-brief');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'dashboard.json');
  const dashboard = {
    schema_version: 1,
    health,
    run: { kind: 'pytest', started_at: startedAt },
    issues: Array.from({ length: issues }, (_, i) => ({ id: `I${i + 1}` })),
  };
  fs.writeFileSync(file, JSON.stringify(dashboard));
  fs.writeFileSync(path.join(dir, 'briefing.md'), '# Briefing\n');
  return file;
}
