// The same in-host Mocha suite (test/e2e/host) under @vscode/test-electron, for machines with a
// desktop VS Code: set VSCODE_EXECUTABLE_PATH to use a local one; without it, test-electron
// downloads VS Code (needs internet, which CI here does not have: CI runs the suite inside
// code-server instead, see run.mjs).
//   npm run build && node test/e2e/electron.mjs
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// A fresh copy: the suite edits the fixture files.
const workspace = mkdtempSync(join(tmpdir(), 'postfix-e2e-'));
cpSync(join(root, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });

try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test', 'e2e', 'host', 'index.js'),
    // The suite reads certificate files, which needs a trusted folder.
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`in-host suite under @vscode/test-electron failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
