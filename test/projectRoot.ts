// Where the tests find the project: they run compiled from out/test/<suite>/, so the root is the
// first directory upwards that holds package.json and esbuild.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.mjs'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
