#!/usr/bin/env bash
# Fetches Node.js 22 and 24, the LTS lines after 20, from the npm registry (the node-<os>-<arch>
# packages hold the official binaries) into .vscode-test/node-22 and .vscode-test/node-24, for
# test/cli/otherNodes.test.ts: postfix-lint and the language server must behave there as on the
# Node.js that runs the suites, and compileCache.ts sets V8 flags per V8 release. About 50 MB each,
# downloaded once (a finished install is kept).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The releases deferOptimization() was measured on (server/src/compileCache.ts).
VERSIONS=(22.23.5 24.22.3)
pkg="node-$(node -p 'process.platform')-$(node -p 'process.arch')"

for version in "${VERSIONS[@]}"; do
  dest="$ROOT/.vscode-test/node-${version%%.*}"
  if [ -x "$dest/bin/node" ] && [ "$("$dest/bin/node" --version)" = "v$version" ]; then continue; fi
  echo "install-other-nodes: $pkg@$version from the npm registry"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null && tar xzf ./*.tgz)
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$tmp/package" "$dest"
  rm -rf "$tmp"
done
