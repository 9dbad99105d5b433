# Environment for building and running Emotune from a shell: source it (". scripts/env.sh").
# Node 22 first on PATH (provisioned into .cache/node22 by scripts/provision.sh where the system has an older Node),
# ccache in front of the compilers, and @u4/opencv4nodejs told to build against the system OpenCV (Debian
# libopencv-dev 4.6) instead of downloading and compiling its own. EMOTUNE_NODEDIR names that Node's headers;
# provision.sh hands it to node-gyp (npm_config_nodedir) for `npm ci` only, as npm 11 warns about it elsewhere.
_emotune_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
if [ -x "$_emotune_root/.cache/node22/bin/node" ]; then
  export PATH="$_emotune_root/.cache/node22/bin:$PATH"
  export EMOTUNE_NODEDIR="$_emotune_root/.cache/node22"
fi
[ -d /usr/lib/ccache ] && export PATH="/usr/lib/ccache:$PATH"
# Paths under the checkout are hashed relative to it, so a fresh clone (CI) reuses another checkout's cache.
export CCACHE_BASEDIR="$_emotune_root" CCACHE_NOHASHDIR=1
export OPENCV4NODEJS_DISABLE_AUTOBUILD=1
export OPENCV_INCLUDE_DIR=/usr/include/opencv4
export OPENCV_LIB_DIR=/usr/lib/x86_64-linux-gnu
export OPENCV_BIN_DIR=/usr/bin
unset _emotune_root
