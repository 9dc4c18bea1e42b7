#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release whose engines accept Node 20) into a cache folder
# outside the repository, downloading from nothing but the npm registry and apt (see "Why not" below, docs/testing.md),
# and prints the path of its binary on stdout.
#
# Idempotent: a finished install leaves a stamp file; a second run only prints the path. Everything else (progress,
# npm output) goes to stderr so callers can do `bin=$(scripts/install-code-server.sh)`.
#
# Why not a plain `npm install code-server`: as root it needs unsafe-perm, and postinstall scripts download ripgrep
# and VS Code pieces from the internet, which this machine cannot reach. We install with --ignore-scripts and supply
# the native pieces ourselves (argon2 rebuilt from source, ripgrep from Debian).
#
# Environment:
#   RTCELL_TOOLS_DIR   cache root (default: $HOME/.cache/rtcell-tools); code-server goes to $RTCELL_TOOLS_DIR/code-server
#   RTCELL_NO_APT=1    never call apt-get (fail with a clear message if libkrb5-dev or ripgrep are missing)
set -euo pipefail

VERSION=4.100.3
TOOLS_DIR="${RTCELL_TOOLS_DIR:-$HOME/.cache/rtcell-tools}"
DEST="$TOOLS_DIR/code-server"
STAMP="$DEST/.installed-$VERSION"
BIN="$DEST/node_modules/code-server/out/node/entry.js"
WRAPPER="$DEST/bin/code-server"

log() { echo "install-code-server: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [ -f "$STAMP" ] && [ -x "$WRAPPER" ] && [ -f "$BIN" ]; then
    echo "$WRAPPER"
    exit 0
fi

# Two runs at once (CI step and a test, two checkouts) must not install over each other: the second waits, then finds
# the finished install.
mkdir -p "$TOOLS_DIR"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$TOOLS_DIR/.code-server.lock"
    flock 9
    if [ -f "$STAMP" ] && [ -x "$WRAPPER" ] && [ -f "$BIN" ]; then
        echo "$WRAPPER"
        exit 0
    fi
fi

command -v node >/dev/null || die "node is not on PATH"
command -v npm >/dev/null || die "npm is not on PATH"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "code-server $VERSION needs Node 20 (found $(node -v))"

# System packages: Kerberos headers (the `kerberos` native module of code-server's VS Code builds against them) and
# ripgrep (VS Code's search; its npm package would download a binary).
missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "${RTCELL_NO_APT:-0}" = 1 ]; then die "missing system packages: ${missing[*]} (apt-get install -y ${missing[*]})"; fi
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "missing system packages: ${missing[*]}; run as root or install them"
        SUDO="sudo"
    fi
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! $SUDO apt-get install -y -q "${missing[@]}" >&2; then
        $SUDO apt-get update -q >&2
        $SUDO apt-get install -y -q "${missing[@]}" >&2
    fi
fi
RG="$(command -v rg)"

# A half-finished earlier run is thrown away: the steps below are not individually resumable.
rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

log "npm install code-server@$VERSION (scripts ignored)"
echo '{"name":"rtcell-code-server","private":true}' > package.json
npm install --no-save "code-server@$VERSION" --ignore-scripts --loglevel=error >&2
npm rebuild argon2 --loglevel=error >&2

VSCODE="$DEST/node_modules/code-server/lib/vscode"
[ -d "$VSCODE" ] || die "unexpected code-server layout: $VSCODE missing"

log "installing VS Code's server dependencies"
(cd "$VSCODE" && npm install --omit=dev --ignore-scripts --loglevel=error >&2)
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
cp "$RG" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
(cd "$VSCODE" && npm_config_yes=true npm rebuild --loglevel=error >&2)

# The remote CLI and browser helper are looked up by names that the npm package does not ship as links.
ln -sf code-linux.sh "$VSCODE/bin/remote-cli/code-server"
ln -sf browser-linux.sh "$VSCODE/bin/helpers/browser.sh"

log "installing built-in extensions' dependencies"
(cd "$VSCODE/extensions" && npm install --omit=dev --loglevel=error >&2)

mkdir -p "$DEST/bin"
cat > "$WRAPPER" <<EOF
#!/usr/bin/env bash
exec node "$BIN" "\$@"
EOF
chmod +x "$WRAPPER"

# Smoke test: the binary runs and reports the expected version. code-server writes a default config file on every
# start, so point it (and the XDG folders) at a scratch folder instead of $HOME.
scratch="$(mktemp -d)"
version_out="$(XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" XDG_CACHE_HOME="$scratch" \
    "$WRAPPER" --config "$scratch/config.yaml" --version 2>/dev/null || true)"
rm -rf "$scratch"
if ! grep -q "^$VERSION " <<<"$version_out"; then
    die "installed code-server does not report version $VERSION: $version_out"
fi

touch "$STAMP"
log "code-server $VERSION ready"
echo "$WRAPPER"
