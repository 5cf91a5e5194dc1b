// One bundle per runtime: the VS Code client, the language server, the linter, and the browser
// pair (client + web-worker server) for vscode.dev.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * The project's web page for the SARIF log: package.json `homepage`, else the web page of its
 * `repository` (git+https://host/owner/name.git, or GitHub's owner/name shorthand); none: empty.
 */
function homepage() {
  if (typeof pkg.homepage === 'string') return pkg.homepage;
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (typeof repo !== 'string') return '';
  if (/^(github:)?[\w.-]+\/[\w.-]+$/.test(repo)) return `https://github.com/${repo.replace(/^github:/, '')}`;
  const m = /^(?:git\+)?(https:\/\/[^\s]+?)(?:\.git)?$/.exec(repo);
  return m ? m[1] : '';
}

/**
 * JSON data (the parameter facts, the docs) as JSON.parse of one string rather than as an object
 * literal: V8 reads JSON much faster than it builds a literal of thousands of objects, and the
 * code cache has less to hold. Same value, same module interface (a CommonJS module).
 */
const jsonAsParse = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => {
      const text = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [jsonAsParse],
  // postfix-lint --version and the SARIF tool description, fixed at build time.
  define: {
    'process.env.POSTFIX_TLS_VERSION': JSON.stringify(pkg.version),
    'process.env.POSTFIX_TLS_HOMEPAGE': JSON.stringify(homepage()),
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The language server and postfix-lint: small starters (the bins) that run the bundles through V8's code cache.
  { ...common, entryPoints: ['server/src/serverStart.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/node.ts'], outfile: 'dist/postfix-language-server.js' },
  { ...common, entryPoints: ['server/src/cliStart.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/postfix-lint.js' },
];

// The browser pair: shared server code imports 'vscode-languageserver', which must resolve to its
// browser entry there (the node entry pulls in net, fs and child_process).
const browserEntry = {
  name: 'browser-entry',
  setup(build) {
    build.onResolve({ filter: /^vscode-language(server|client)$/ }, (args) =>
      build.resolve(`${args.path}/browser`, { kind: args.kind, resolveDir: args.resolveDir }));
  },
};
const web = { ...common, platform: 'browser', target: 'es2022', format: 'iife', plugins: [jsonAsParse, browserEntry] };
builds.push(
  { ...web, format: 'cjs', entryPoints: ['client/src/browser.ts'], outfile: 'dist/web/client.js', external: ['vscode'] },
  { ...web, entryPoints: ['server/src/browser.ts'], outfile: 'dist/web/server.js' },
);

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
