// TypeScript of server/src and test/ loaded into the project's scripts: bundled by esbuild on the
// fly, nothing written beside dist/ (esbuild.mjs and its outputs are not touched).
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The exports of one TypeScript module (a path under ROOT) that needs nothing of Node: bundled in
 * memory and run there.
 */
export async function loadModule(entryPoint) {
  const out = await esbuild.build({ entryPoints: [path.join(ROOT, entryPoint)], bundle: true, platform: 'node', format: 'cjs', write: false });
  const mod = { exports: {} };
  new Function('module', 'exports', out.outputFiles[0].text)(mod, mod.exports);
  return mod.exports;
}

/**
 * The exports of `lines` (TypeScript export statements, paths relative to ROOT) bundled into
 * `outfile` (a file in the caller's temporary directory) and required from there, so that the
 * bundle can require Node's own modules. `define` as esbuild takes it.
 */
export async function requireBundle(lines, outfile, define = undefined) {
  await esbuild.build({
    stdin: { contents: lines.join('\n'), resolveDir: ROOT, loader: 'ts', sourcefile: `${path.basename(outfile, '.cjs')}-entry.ts` },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    define,
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}
