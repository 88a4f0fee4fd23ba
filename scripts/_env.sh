# shellcheck shell=bash
# Shared by the project's scripts: find Odoo 18.0 and make sure PostgreSQL
# runs and knows the current user. Sourced, not run.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_PYTHON=${ODOO_PYTHON:-/opt/odoo18/venv/bin/python}
ODOO_BIN=${ODOO_BIN:-/opt/odoo18/src/odoo-bin}

die() {
    printf 'error: %s\n' "$*" >&2
    exit 2
}

require_odoo() {
    [ -x "$ODOO_PYTHON" ] || die "Odoo's Python not found at $ODOO_PYTHON. Install Odoo 18.0 at /opt/odoo18 or set ODOO_PYTHON."
    [ -f "$ODOO_BIN" ] || die "odoo-bin not found at $ODOO_BIN. Install Odoo 18.0 at /opt/odoo18 or set ODOO_BIN."
    local version
    version=$("$ODOO_PYTHON" "$ODOO_BIN" --version 2>/dev/null) || die "$ODOO_BIN does not run with $ODOO_PYTHON."
    case "$version" in
        *" 18.0"*) ;;
        *) die "Odoo 18.0 is required, found: $version" ;;
    esac
    local odoo_dir
    odoo_dir=$(dirname "$ODOO_BIN")
    ADDONS_PATH="$odoo_dir/odoo/addons"
    [ -d "$odoo_dir/addons" ] && ADDONS_PATH="$odoo_dir/addons,$ADDONS_PATH"
    ADDONS_PATH="$ADDONS_PATH,$repo_root"
    export ADDONS_PATH
}

require_postgres() {
    if ! pg_isready -q 2>/dev/null; then
        if command -v pg_ctlcluster >/dev/null 2>&1; then
            local cluster
            cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
            [ -n "$cluster" ] || die "no PostgreSQL cluster found (pg_lsclusters lists none)."
            # shellcheck disable=SC2086
            pg_ctlcluster $cluster start || die "could not start PostgreSQL cluster $cluster."
            for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
        fi
        pg_isready -q 2>/dev/null || die "PostgreSQL is not running and could not be started (is it installed?)."
    fi
    if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        local me
        me=$(id -un)
        if [ "$me" = root ] || command -v sudo >/dev/null 2>&1; then
            local as_postgres="su postgres -c"
            [ "$me" = root ] || as_postgres="sudo -u postgres sh -c"
            $as_postgres "createuser --superuser $me" >/dev/null 2>&1 || true
        fi
        psql -d postgres -Atc 'select 1' >/dev/null 2>&1 \
            || die "cannot connect to PostgreSQL as $me: create a role for this user (createuser -s $me)."
    fi
}

require_browser() {
    # Odoo's browser tours need Chromium and websocket-client in Odoo's
    # Python; without them every tour is skipped (scripts/test counts a
    # skipped test as failed).
    if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
        echo "Chromium not found: installing Debian's chromium package"
        if [ "$(id -u)" = 0 ]; then
            apt-get install -y -q chromium >/dev/null || die "could not install chromium."
        else
            sudo apt-get install -y -q chromium >/dev/null || die "could not install chromium."
        fi
    fi
    "$ODOO_PYTHON" -c "import websocket" 2>/dev/null ||
        die "websocket-client is missing from Odoo's Python ($ODOO_PYTHON): browser tours would be skipped. Install it with: $ODOO_PYTHON -m pip install websocket-client"
}
