#!/usr/bin/env bash
# Emotune from a fresh checkout: sets the machine up (scripts/provision.sh), then
#   ./run.sh app [serve options]   runs the app: browser mode here (Electron where it can start: ./run.sh electron)
#   ./run.sh demo                  runs the app with a demo camera made of real face photos (needs ../shared)
#   ./run.sh test                  runs every check: typecheck, lint, build, unit + integration tests, e2e tests
set -euo pipefail
cd "$(dirname "$0")"
command="${1:-app}"
shift || true
./scripts/provision.sh
. scripts/env.sh
case "$command" in
  app) exec node bin/emotune.js serve --open "$@" ;;
  demo)
    node scripts/make-camera-video.ts .cache/demo-camera.avi >/dev/null
    exec node bin/emotune.js serve --open --camera .cache/demo-camera.avi "$@"
    ;;
  electron) exec npx electron-vite preview "$@" ;;
  test) exec npm test ;;
  *) echo "usage: ./run.sh app|demo|electron|test" >&2; exit 2 ;;
esac
