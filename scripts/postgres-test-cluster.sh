#!/usr/bin/env bash
# A throwaway local PostgreSQL cluster for the tests: trust auth, loopback only, data under a
# temporary directory. Installs Debian's postgresql package when its server binaries are missing.
#
#   scripts/postgres-test-cluster.sh start   init (first time) and start; prints the connection string
#   scripts/postgres-test-cluster.sh stop    stop the cluster and delete its data
#   scripts/postgres-test-cluster.sh env     print `export SALLA_TEST_POSTGRES=...` for eval
#
#   SALLA_TEST_POSTGRES_PORT   port to listen on (default 55432)
#   SALLA_TEST_POSTGRES_DIR    data directory    (default: postgres-salla-test under the temp dir)
#   SALLA_TEST_POSTGRES_DURABLE=1  keep PostgreSQL's durable defaults (fsync, synchronous_commit,
#                              full_page_writes), as a production server runs: for benchmarks
set -euo pipefail

port=${SALLA_TEST_POSTGRES_PORT:-55432}
base=${SALLA_TEST_POSTGRES_DIR:-${TMPDIR:-/tmp}/postgres-salla-test}
data="$base/data"
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_installed() {
  find_bin >/dev/null && return 0
  echo "postgres-test-cluster: installing Debian's postgresql package" >&2
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  find_bin >/dev/null || { echo "postgres-test-cluster: no initdb/pg_ctl under /usr/lib/postgresql/*/bin after installing" >&2; exit 1; }
}

# initdb refuses to run as root, so the cluster belongs to the postgres user when we are root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

start() {
  ensure_installed
  local bin
  bin=$(find_bin)
  mkdir -p "$base"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$base"
  fi
  if [[ ! -s "$data/PG_VERSION" ]]; then
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
  fi
  if as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "$connection"
    return 0
  fi
  # Tuned for throwaway test data unless asked to be durable: nothing here has to survive a power cut.
  local tuning="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [[ "${SALLA_TEST_POSTGRES_DURABLE:-}" == 1 ]] && tuning=""
  as_owner "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c max_connections=300 $tuning" >/dev/null \
    || { cat "$base/server.log" >&2; exit 1; }
  echo "$connection"
}

stop() {
  local bin
  if bin=$(find_bin) && [[ -d "$data" ]]; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$base"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export SALLA_TEST_POSTGRES='$(start)'" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
