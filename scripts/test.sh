#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): installs what is missing, checks docker-compose.yml, then
# unit tests, integration tests against real PostgreSQL, PgBouncer and Kafka, the formatter and
# architecture checks, a smoke test of the local stack that scripts/demo.sh uses, the restore drill, and the compose
# system test (the container stack of docker-compose.yml: up, TLS, no root, the operator's scripts, kills under load,
# down -v).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/install-packages.sh
source "$REPO_ROOT/scripts/lib/install-packages.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/test.sh [--skip-stack] [--skip-drill] [--skip-compose] [-- extra Maven arguments]

Installs missing Debian packages (PostgreSQL 15 server and client, PgBouncer, curl), checks
docker-compose.yml offline (scripts/lib/compose-check.sh: Debian's docker-compose config and the npm
linter dclint, both installed when missing), then runs `mvn verify` over every module: unit tests
(*Test), integration tests (*IT, each test JVM starting its own PostgreSQL cluster, PgBouncer and KRaft
Kafka broker), the formatter check and the architecture test. Then it starts the local stack on spare
ports in a throwaway folder, sends a small school term through it and checks the answers, and stops it;
and runs the restore drill (scripts/lib/backup-drill.sh): two migrators at once, a backup with a
throwaway GPG key restored into a new database that must equal the original and keep row-level
security, the failures that must never promote a backup, retention. Last, the compose system test
(scripts/lib/compose-test.sh): a Docker engine (scripts/lib/docker-engine.sh), the project's images, and the
container stack up from nothing with TLS and three brokers, a demo term exact, plain-text connections refused,
no container as root, the operator's scripts run unchanged against it and judged by what they do (token,
backfill, replay, redrive, backup, forget-student, restore: scripts/lib/operator-scripts-test.sh), a broker,
the aggregator and PostgreSQL disrupted under load with every acknowledged event stored exactly once, then
down -v. Then, on the images the compose test built, the pipeline's end-to-end IT
once more on test-support's containers path (-Dheroes.infrastructure=containers: PostgreSQL, PgBouncer and a
broker started by Testcontainers instead of local processes); --skip-compose skips both.

Then the Citus profile (ADR 0028): scripts/lib/citus-build.sh (Citus built from its vendored source
tarball and installed into PostgreSQL 15 unless that version is installed already; HEROES_CITUS_TARBALL
names the tarball) and `mvn -Pcitus verify` of the modules whose integration tests must hold on a
Citus cluster (a coordinator, two workers and PgBouncer, started by test-support); then the demo on the Citus form
of the local stack (scripts/lib/citus-demo-test.sh: scripts/stack.sh up --citus on spare ports, a small term
exact, the events in the workers' shards) and the upgrade of a single node to Citus (scripts/lib/citus-upgrade-test.sh:
a term on a single-node stack, then up --citus on the same state dir, every table unchanged, one more term exact).

  --skip-stack   skip the local-stack smoke test
  --skip-drill   skip the restore drill
  --skip-compose skip the compose system test
  --skip-citus   skip the Citus profile
  -h, --help     this text
USAGE
}

smoke=1
drill=1
compose=1
citus=1
mvn_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --skip-stack) smoke=0 ;;
    --skip-drill) drill=0 ;;
    --skip-compose) compose=0 ;;
    --skip-citus) citus=0 ;;
    --) shift; mvn_args+=("$@"); break ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# the modules whose integration tests run again on a Citus cluster (pom.xml, profile "citus")
CITUS_MODULES=query-service,aggregator-service,system-tests
started=$(date +%s)
echo "==> Packages"
ensure_debian_packages postgresql-15 postgresql-client-15 pgbouncer curl gnupg chromium chromium-driver

echo "==> docker-compose.yml (docker-compose config, dclint)"
bash "$REPO_ROOT/scripts/lib/compose-check.sh"

echo "==> mvn verify (unit, integration, format, architecture)"
cd "$REPO_ROOT"
mvn -B -ntp verify "${mvn_args[@]}"

if [[ $citus -eq 1 ]]; then
  citus_started=$(date +%s)
  echo "==> Citus profile (Citus build when missing, then the integration tests that must hold on Citus)"
  bash "$REPO_ROOT/scripts/lib/citus-build.sh"
  mvn -B -ntp -Pcitus -pl "$CITUS_MODULES" -am verify "${mvn_args[@]}"
  echo "==> The demo on the local stack's Citus form"
  bash "$REPO_ROOT/scripts/lib/citus-demo-test.sh"
  echo "==> Upgrading a single-node stack to Citus"
  bash "$REPO_ROOT/scripts/lib/citus-upgrade-test.sh"
  echo "==> Citus profile passed in $(( $(date +%s) - citus_started )) s"
fi

if [[ $smoke -eq 1 ]]; then
  echo "==> Local stack smoke test"
  bash "$REPO_ROOT/scripts/lib/stack-smoke-test.sh"
fi
if [[ $drill -eq 1 ]]; then
  echo "==> Restore drill"
  bash "$REPO_ROOT/scripts/lib/backup-drill.sh"
fi
if [[ $compose -eq 1 ]]; then
  echo "==> Compose system test"
  bash "$REPO_ROOT/scripts/lib/compose-test.sh"
  containers_started=$(date +%s)
  echo "==> The pipeline's end-to-end IT on test-support's containers path (the images the compose test built)"
  mvn -B -ntp -q -pl system-tests -am verify -Dheroes.infrastructure=containers -Dtest=none -Dit.test=PipelineEndToEndIT \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    "${mvn_args[@]}"
  echo "==> Containers path passed in $(( $(date +%s) - containers_started )) s"
fi
echo "==> All tests passed in $(( $(date +%s) - started )) s"
