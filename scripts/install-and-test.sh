#!/usr/bin/env bash
# The README's install-and-test command: on a fresh Debian machine it installs what the tests
# need (kcat for the Kafka mock cluster; Chromium for the feedback page's browser test;
# PostgreSQL when nothing answers on 127.0.0.1:5432), then the npm dependencies from the
# lockfile, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root apt-get install -y -qq --no-install-recommends "$@"
}
postgres_answers() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

# librdkafka's mock cluster (tests start and stop it themselves)
command -v kcat >/dev/null || apt_install kcat

# Debian's Chromium, driven by playwright-core (which never downloads a browser of its own)
[ -x /usr/bin/chromium ] || apt_install chromium

# PostgreSQL for the tests' databases: use the one running, else install Debian's and start it
if ! postgres_answers; then
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # A server installed here for tests only: trust loopback connections, as the tests expect.
  if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do postgres_answers && break; sleep 1; done
  postgres_answers || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi

npm ci --no-audit --no-fund
npm test
