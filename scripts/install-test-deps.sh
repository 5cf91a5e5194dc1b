#!/usr/bin/env bash
# Installs the Debian packages the test suites need, so that `npm test` works on a fresh Debian
# machine by itself (and .ci/run calls the same script): Postfix and openssl (the oracle tests and
# the real smtpd and mail log tests), pflogsumm (the mail log benchmark), what code-server builds against plus chromium (end-to-end suite), neovim,
# and emacs-nox with eglot and lsp-mode (the other-editor tests). Uses apt-get as root, sudo
# otherwise; where neither works it names the packages and stops. Set POSTFIX_TLS_SKIP_APT=1 to skip this step (then missing packages make
# the suites that need them skip or fail with a message naming them).
set -euo pipefail

packages=(postfix openssl pflogsumm chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep g++ make python3 neovim emacs-nox elpa-eglot elpa-lsp-mode)

if [ "${POSTFIX_TLS_SKIP_APT:-}" = "1" ]; then
  echo "install-test-deps: POSTFIX_TLS_SKIP_APT=1, not installing Debian packages"
  exit 0
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-test-deps: not a Debian system; install these packages (or their equivalents) yourself: ${packages[*]}" >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo)
else
  echo "install-test-deps: missing Debian packages: ${missing[*]}" >&2
  echo "install-test-deps: not root and no password-less sudo; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
# postfix asks debconf questions at install time; answer "No configuration".
echo "postfix postfix/main_mailer_type select No configuration" | "${run[@]}" debconf-set-selections
"${run[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
