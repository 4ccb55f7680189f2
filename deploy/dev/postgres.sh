#!/usr/bin/env bash
# The PostgreSQL clusters for development, tests and benchmarks. One script, used by `make run`, `make test`
# and `make bench`.
#
#   deploy/dev/postgres.sh dev-dir [CHECKOUT]     where the development cluster of a checkout lives (below)
#   deploy/dev/postgres.sh start DIR [PORT]       initdb if needed, start, create the roles and databases;
#                                                 print the admin URL on stdout. IDOS_PG_FSYNC=on|off (default
#                                                 off; make run: on), IDOS_PG_AUTH=scram|trust (at initdb;
#                                                 default scram), IDOS_PG_MAX_CONNECTIONS (default 500: the
#                                                 test suites' stores and devnodes run in parallel)
#   deploy/dev/postgres.sh stop DIR               fast shutdown (no-op if not running)
#   deploy/dev/postgres.sh restart DIR            fast restart on the same port and settings (DIR: the cluster
#                                                 folder or its data directory, e.g. $IDOS_TEST_PG_DIR)
#   deploy/dev/postgres.sh status DIR             exit 0 when the cluster runs
#   deploy/dev/postgres.sh url DIR [ROLE]         the URL of a role (default admin), see "Roles"
#   deploy/dev/postgres.sh with-temp [--durable] -- CMD...
#       A throwaway cluster in a temp folder on a free port; runs CMD with IDOS_TEST_DATABASE_URL (admin),
#       IDOS_TEST_OWNER_DATABASE_URL, IDOS_TEST_SERVICE_DATABASE_URL and IDOS_TEST_PG_DIR (its data directory,
#       for `postgres.sh restart "$IDOS_TEST_PG_DIR"`) set; always stops and removes it, even on failure or
#       Ctrl-C. fsync is off unless --durable (benchmarks keep it on).
#
# Roles (every cluster has them; database $IDOS_DB_NAME, default idos):
#   admin    postgres          superuser: administration only
#   owner    idos_issuer       owns the database and its public schema: `idos-issuer migrate` runs as it
#   service  idos_issuer_app   not a superuser, owns nothing: what the service (serve, worker, queue) connects as;
#                              reads and writes every table the owner creates (default privileges)
#   devnode  idos_devnode      owns database idos_devnode, the local idOS node's state
#
# The development cluster (`make run`) keeps its data across runs, one per checkout. PostgreSQL refuses to run as
# root, so as root the server runs as the `postgres` user (runuser), and its folder must be one that user can
# reach: /var/lib/postgresql/idos-dev/<checkout name>-<hash of the checkout path>, whatever folder the checkout
# sits in (a mode-700 parent, root's home). As another user the server runs as that user, in .local/pg of the
# checkout. IDOS_PG_DIR overrides both. Everything listens on 127.0.0.1 only (and a unix socket inside DIR);
# the development cluster asks for passwords over TCP (scram-sha-256, random passwords kept in DIR/passwords,
# part of the URLs), a throwaway cluster trusts loopback.
#
# Folder layout: DIR/data (PGDATA), DIR/sock, DIR/port, DIR/options (the server options of the last start),
# DIR/server.log, DIR/passwords, DIR/checkout (dev clusters: the checkout they belong to).
set -euo pipefail

PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
DBNAME="${IDOS_DB_NAME:-idos}"
OWNER_ROLE=idos_issuer
SERVICE_ROLE=idos_issuer_app
DEVNODE_ROLE=idos_devnode
DEVNODE_DB=idos_devnode

die() { echo "postgres.sh: $*" >&2; exit 1; }

# A database name goes into SQL and URLs: plain lower-case identifiers only (it is also quoted in SQL).
[[ "$DBNAME" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] \
  || die "IDOS_DB_NAME must be a plain identifier (a-z, 0-9, _; at most 63 characters, not starting with a digit): '$DBNAME'"

need_server() {
  [ -x "$PGBIN/pg_ctl" ] || die "no PostgreSQL server found under /usr/lib/postgresql (run deploy/dev/install-deps.sh)"
}

# Runs a command as the user the server runs as, from / (the caller's folder may be closed to that user).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

absolute() { # PATH → an absolute path (symlinks resolved when it exists)
  local p="$1"
  if [ -d "$p" ]; then (cd "$p" && pwd -P)
  elif [ -d "$(dirname "$p")" ]; then echo "$(cd "$(dirname "$p")" && pwd -P)/$(basename "$p")"
  else case "$p" in /*) echo "$p" ;; *) echo "$PWD/$p" ;; esac
  fi
}

# DIR may name the cluster folder or its data directory.
cluster_dir() { # DIR
  local d; d=$(absolute "$1")
  if [ -f "$d/PG_VERSION" ] && [ -f "$(dirname "$d")/port" ]; then d=$(dirname "$d"); fi
  echo "$d"
}

dev_dir() { # [CHECKOUT]
  if [ -n "${IDOS_PG_DIR:-}" ]; then absolute "$IDOS_PG_DIR"; return; fi
  local checkout name key base
  checkout=$(cd "${1:-.}" && pwd -P)
  if [ "$(id -u)" -ne 0 ]; then echo "$checkout/.local/pg"; return; fi
  name=$(basename "$checkout"); name=${name//[^A-Za-z0-9._-]/_}; name=${name:0:40}
  key=$(printf '%s' "$checkout" | sha256sum | cut -c1-12)
  base=$(getent passwd postgres | cut -d: -f6)
  if [ -z "$base" ] || [ ! -d "$base" ]; then base=/var/lib/postgresql; fi
  echo "$base/idos-dev/$name-$key"
}

password() { # DIR ROLE → the role's password, empty when the cluster has none (trust)
  [ -f "$1/passwords" ] || return 0
  sed -n "s/^$2=//p" "$1/passwords"
}

url_for() { # DIR [ROLE]
  local dir; dir=$(cluster_dir "$1")
  local role="${2:-admin}" user db pw port
  [ -f "$dir/port" ] || die "no cluster in $dir"
  port=$(cat "$dir/port")
  case "$role" in
    admin) user=postgres; db=$DBNAME ;;
    owner) user=$OWNER_ROLE; db=$DBNAME ;;
    service) user=$SERVICE_ROLE; db=$DBNAME ;;
    devnode) user=$DEVNODE_ROLE; db=$DEVNODE_DB ;;
    *) die "unknown role '$role' (admin, owner, service, devnode)" ;;
  esac
  pw=$(password "$dir" "$role")
  echo "postgres://${user}${pw:+:$pw}@127.0.0.1:${port}/${db}?sslmode=disable"
}

is_running() { # DIR
  [ -f "$1/data/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

# Roles, databases and grants; idempotent, run at every start over the unix socket as the superuser.
setup_roles() { # DIR
  local dir="$1" port; port=$(cat "$dir/port")
  as_pg "$PGBIN/psql" -h "$dir/sock" -p "$port" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
    -v db="$DBNAME" -v owner="$OWNER_ROLE" -v service="$SERVICE_ROLE" -v devnode="$DEVNODE_ROLE" -v devnode_db="$DEVNODE_DB" \
    -v admin_pw="$(password "$dir" admin)" -v owner_pw="$(password "$dir" owner)" \
    -v service_pw="$(password "$dir" service)" -v devnode_pw="$(password "$dir" devnode)" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY[:'owner', :'service', :'devnode']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE :"owner"   LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE :"service" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE :"devnode" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
SELECT format('ALTER ROLE %I PASSWORD %L', r, pw)
  FROM (VALUES ('postgres', :'admin_pw'), (:'owner', :'owner_pw'), (:'service', :'service_pw'), (:'devnode', :'devnode_pw')) AS t(r, pw)
 WHERE pw <> '' \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'devnode_db', :'devnode')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'devnode_db') \gexec
ALTER DATABASE :"db" OWNER TO :"owner";
ALTER DATABASE :"devnode_db" OWNER TO :"devnode";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE ALL ON DATABASE :"devnode_db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"service";
\connect :db
-- public belongs to pg_database_owner (the owner role); the service may use it and everything the owner creates.
GRANT USAGE ON SCHEMA public TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE ON SCHEMAS TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"service";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"service";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"service";
SQL
}

start() { # DIR [PORT]
  need_server
  local dir port="${2:-}" auth fsync
  mkdir -p "$1"
  dir=$(absolute "$1")
  case "$dir" in *"'"*|*" "*) die "the cluster folder may not contain quotes or spaces: $dir" ;; esac
  auth="${IDOS_PG_AUTH:-scram}"     # scram: passwords over TCP; trust: none (throwaway clusters)
  fsync="${IDOS_PG_FSYNC:-off}"    # off: throwaway and benchmark clusters; make run passes on
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  as_pg test -w "$dir" \
    || die "the postgres user cannot write $dir (a parent folder is closed to it); set IDOS_PG_DIR to a folder it can reach"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    local hba=(--auth=trust)
    if [ "$auth" = scram ]; then
      hba=(--auth-local=trust --auth-host=scram-sha-256)   # the socket sits in DIR (mode 700): only postgres and root
      local r
      for r in admin owner service devnode; do echo "$r=$(openssl rand -hex 16)"; done \
        | as_pg sh -c "umask 077 && cat > '$dir/passwords'"
    fi
    as_pg mkdir -p "$dir/data" "$dir/sock"
    as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres "${hba[@]}" -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    printf "\n# idos: loopback only (deploy/dev/postgres.sh)\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" "$dir/sock" \
      | as_pg sh -c "cat >> '$dir/data/postgresql.conf'"
  fi
  if ! is_running "$dir"; then
    [ -n "$port" ] || port=$( [ -f "$dir/port" ] && cat "$dir/port" || free_port )
    [[ "$port" =~ ^[0-9]+$ ]] || die "not a port: '$port'"
    printf '%s\n' "$port" | as_pg sh -c "cat > '$dir/port'"
    printf '%s\n' "-k '$dir/sock' -p $port -c listen_addresses=127.0.0.1 -c max_connections=${IDOS_PG_MAX_CONNECTIONS:-500} -c fsync=$fsync" \
      | as_pg sh -c "cat > '$dir/options'"
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null \
      || { tail -n 30 "$dir/server.log" >&2; die "PostgreSQL did not start (port $port taken? set IDOS_PG_PORT)"; }
  fi
  setup_roles "$dir"
  url_for "$dir" admin
}

stop() { # DIR
  local dir; dir=$(cluster_dir "$1")
  [ -f "$dir/data/PG_VERSION" ] || return 0
  need_server
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

restart() { # DIR
  need_server
  local dir; dir=$(cluster_dir "$1")
  [ -f "$dir/options" ] || die "no cluster started by this script in $dir"
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 -o "$(cat "$dir/options")" restart >/dev/null \
    || { tail -n 30 "$dir/server.log" >&2; die "restart failed"; }
}

with_temp() { # [--durable] -- CMD...
  local durable=off
  while [ $# -gt 0 ]; do
    case "$1" in
      --durable) durable=on; shift ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  [ $# -gt 0 ] || die "with-temp: no command"
  TMP_CLUSTER=""
  cleanup() { trap "" INT TERM; if [ -n "$TMP_CLUSTER" ]; then stop "$TMP_CLUSTER/pg"; rm -rf "$TMP_CLUSTER"; fi; }
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  TMP_CLUSTER=$(mktemp -d /tmp/idos-pg.XXXXXX)
  chmod 755 "$TMP_CLUSTER"
  IDOS_TEST_DATABASE_URL=$(IDOS_PG_AUTH=trust IDOS_PG_FSYNC=$durable start "$TMP_CLUSTER/pg")
  IDOS_TEST_OWNER_DATABASE_URL=$(url_for "$TMP_CLUSTER/pg" owner)
  IDOS_TEST_SERVICE_DATABASE_URL=$(url_for "$TMP_CLUSTER/pg" service)
  IDOS_TEST_PG_DIR="$TMP_CLUSTER/pg/data"
  export IDOS_TEST_DATABASE_URL IDOS_TEST_OWNER_DATABASE_URL IDOS_TEST_SERVICE_DATABASE_URL IDOS_TEST_PG_DIR
  echo "postgres.sh: throwaway cluster at $IDOS_TEST_DATABASE_URL (data: $IDOS_TEST_PG_DIR, fsync $durable)" >&2
  local status=0
  "$@" || status=$?
  exit $status
}

case "${1:-}" in
  dev-dir) shift; dev_dir "$@" ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  restart) shift; restart "$@" ;;
  status) shift; is_running "$(cluster_dir "$1")" ;;
  url) shift; url_for "$@" ;;
  with-temp) shift; with_temp "$@" ;;
  *) sed -n '2,/^set -euo/p' "$0" | grep '^#' >&2; exit 2 ;;
esac
