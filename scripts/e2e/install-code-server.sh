#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the newest release that runs on Node 20) into
# .vscode-test/code-server, following ../shared/notes/real-vscode.md. Idempotent: a finished
# install is detected by a stamp file and the script exits at once.
#
# It needs no internet beyond the npm registry. The Debian packages it builds against are
# installed by .ci/run (or by hand); this script only checks them and names the missing ones.
set -euo pipefail

VERSION="4.100.3"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="${CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}"
STAMP="$DEST/.installed-$VERSION"
PKG="$DEST/node_modules/code-server"

if [ -f "$STAMP" ] && [ -f "$PKG/out/node/entry.js" ]; then
  echo "code-server $VERSION already installed in $DEST"
  exit 0
fi

start=$(date +%s)

# --- prerequisites --------------------------------------------------------------------------
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != "20" ]; then
  echo "warning: code-server $VERSION is meant for Node 20; this is Node $(node -v)" >&2
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep g++ make; do
  installed "$p" || missing+=("$p")
done
# Not needed to build, but the end-to-end runner drives the workbench with it.
installed chromium || echo "note: Debian package chromium is missing; test/e2e/run.mjs needs /usr/bin/chromium" >&2
if [ "${#missing[@]}" -gt 0 ]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "install them with: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
command -v python3 >/dev/null || { echo "python3 is needed by node-gyp" >&2; exit 1; }

# --- install --------------------------------------------------------------------------------
mkdir -p "$DEST"
cd "$DEST"
[ -f package.json ] || echo '{ "name": "code-server-host", "private": true }' > package.json

step() { echo "==> $* ($(( $(date +%s) - start ))s)"; }

step "npm install code-server@$VERSION --ignore-scripts"
# Its postinstall would fetch ripgrep from GitHub; we build the native parts ourselves below.
npm_config_unsafe_perm=true npm install "code-server@$VERSION" --ignore-scripts \
  --no-audit --no-fund --no-save --loglevel=error

cd "$PKG/lib/vscode"
step "lib/vscode: npm install --omit=dev --ignore-scripts"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

step "lib/vscode: building native modules"
# node-pty's own post-install step errors out after pty.node is built; check the result instead.
npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog --loglevel=error \
  > "$DEST/rebuild.log" 2>&1 || echo "   (npm rebuild reported an error, expected from node-pty; see $DEST/rebuild.log)"
# The check is that each one loads (@parcel/watcher comes prebuilt as an optional package).
for m in kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog; do
  node -e "require('$m')" || { echo "native module $m does not load" >&2; exit 1; }
done

step "lib/vscode: ripgrep from Debian"
mkdir -p node_modules/@vscode/ripgrep/bin
cp -f /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
[ -e node_modules.asar ] || ln -s node_modules node_modules.asar

step "lib/vscode/extensions: npm install --omit=dev --ignore-scripts"
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)

cd "$DEST"
step "top folder: npm rebuild argon2"
npm rebuild argon2 --loglevel=error
node -e "require('argon2')" || { echo "argon2 does not load" >&2; exit 1; }

# Smoke test: the server must at least print its version.
# (XDG_CONFIG_HOME keeps code-server from writing a default config into the user's home.)
XDG_CONFIG_HOME="$DEST/.config" node "$PKG/out/node/entry.js" --version

touch "$STAMP"
echo "code-server $VERSION installed in $DEST in $(( $(date +%s) - start ))s"
