#!/usr/bin/env bash
# Every test: installs what the Native AOT publish test needs (clang, zlib1g-dev) if missing,
# starts the local PostgreSQL cluster the inbox tests need (installing PostgreSQL if it is missing),
# runs `dotnet test Salla.Codegen.sln -c Release` with SALLA_TEST_POSTGRES set, then stops the
# cluster. Extra arguments go to dotnet test.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/native-aot-prerequisites.sh || { echo "test.sh: could not install the Native AOT prerequisites" >&2; exit 1; }

if [[ -z "${SALLA_TEST_POSTGRES:-}" ]]; then
  SALLA_TEST_POSTGRES=$(scripts/postgres-test-cluster.sh start) || { echo "test.sh: could not start PostgreSQL" >&2; exit 1; }
  export SALLA_TEST_POSTGRES
  trap 'scripts/postgres-test-cluster.sh stop' EXIT
fi

dotnet test Salla.Codegen.sln -c Release "$@"
