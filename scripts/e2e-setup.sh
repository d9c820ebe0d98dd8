#!/usr/bin/env bash
# Installs what the real-VS-Code e2e tests need, from the npm registry and Debian packages only:
#   - Debian chromium (the browser Playwright drives) and libkrb5-dev (code-server's kerberos module needs gssapi.h)
#   - code-server (VS Code for the browser; a real Node extension host) into a cache dir OUTSIDE the repo
# Idempotent: a second run finds everything in place and returns in about a second.
# playwright-core and @vscode/vsce come from the project's devDependencies (npm ci / npm install).
#
# Env:
#   RECONCILE_E2E_CACHE   cache root (default: $HOME/.cache/reconcile-e2e)
#   CS_VERSION            code-server version (default 4.100.3: the newest whose engines.node accepts Node 20)
# Prints the code-server binary path on the last line of stdout (e2e.sh reads it).
set -euo pipefail

CS_VERSION=${CS_VERSION:-4.100.3}
CACHE=${RECONCILE_E2E_CACHE:-$HOME/.cache/reconcile-e2e}
DEST="$CACHE/code-server-$CS_VERSION"
CS_BIN="$DEST/node_modules/.bin/code-server"
t() { echo "[e2e-setup $(date +%T)] $*" >&2; }
started=$(date +%s)

# --- Debian packages -----------------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { t "need root or sudo to apt-get install ${missing[*]}"; exit 1; }
    SUDO="sudo"
  fi
  t "apt: installing ${missing[*]}"
  # Serialise with other apt users on this machine; dpkg's own lock would make a concurrent run fail outright.
  $SUDO flock /tmp/reconcile-apt.lock sh -c "apt-get -o DPkg::Lock::Timeout=600 update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends ${missing[*]} >/dev/null" \
    || { t "apt-get install ${missing[*]} failed"; exit 1; }
else
  t "apt: chromium and libkrb5-dev already installed"
fi

# --- code-server ---------------------------------------------------------------------------------
# A marker written after a successful install, so an interrupted install is never taken for a complete one.
MARK="$DEST/.reconcile-e2e-complete"
cs_works() { [ -f "$MARK" ] && [ -x "$CS_BIN" ] && "$CS_BIN" --version 2>/dev/null | grep -q "^$CS_VERSION"; }

# XDG dirs: code-server --version still creates its config dir; keep it out of the real $HOME.
export XDG_CONFIG_HOME="$CACHE/xdg/config" XDG_DATA_HOME="$CACHE/xdg/data"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"

if cs_works; then
  t "code-server $CS_VERSION already installed in $DEST"
else
  t "installing code-server $CS_VERSION into $DEST (builds native modules; about 2-4 minutes)"
  rm -rf "$DEST"
  mkdir -p "$DEST/tmp"
  export TMPDIR="$DEST/tmp"

  # @vscode/ripgrep@1.15.11 (pinned by code-server) downloads rg from GitHub in its postinstall. GitHub is not
  # reachable here; it looks in $TMPDIR/vscode-ripgrep-cache-<ver>/ first, so pre-seed that cache from the npm package.
  RGC="$TMPDIR/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$RGC" "$TMPDIR/rgpkg"
  ( cd "$TMPDIR/rgpkg" && npm pack -s @vscode/ripgrep-linux-x64@1.18.0 >/dev/null \
    && tar xzf vscode-ripgrep-linux-x64-1.18.0.tgz \
    && tar czf "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C package/bin rg ) \
    || { t "could not pre-seed the ripgrep cache from @vscode/ripgrep-linux-x64"; exit 1; }

  cd "$DEST"
  echo '{"name":"reconcile-e2e-code-server","private":true}' > package.json
  # npm_config_unsafe_perm: code-server's postinstall refuses to run as root otherwise.
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which fails when npm's `yes` is false.
  if ! npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --no-save \
      "code-server@$CS_VERSION" > install.log 2>&1; then
    tail -40 install.log >&2
    t "npm install code-server@$CS_VERSION failed (full log: $DEST/install.log)"
    exit 1
  fi
  rm -rf "$TMPDIR/rgpkg"
  "$CS_BIN" --version 2>/dev/null | grep -q "^$CS_VERSION" \
    || { t "code-server installed but '$CS_BIN --version' does not report $CS_VERSION"; exit 1; }
  touch "$MARK"
fi

t "ready in $(( $(date +%s) - started ))s: $("$CS_BIN" --version 2>/dev/null | head -1)"
echo "$CS_BIN"
