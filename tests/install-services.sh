#!/usr/bin/env bash
# Installs the local services the tests start by themselves, for CI on a fresh Debian machine.
# The tests never run this: without PostgreSQL they skip (or fail under CUSTOMERDATA_REQUIRE_SERVICES=1).
set -euo pipefail

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

# Node.js and npm: the DynamoDB tests run dynalite (npm ci in tests/dynalite).
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi

# PostgreSQL: the fixture runs initdb and pg_ctl from /usr/lib/postgresql/N/bin (Debian keeps them off PATH).
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null && ! command -v initdb > /dev/null; then
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi

# Chromium: the HTML report tests render report.html headless (Debian's package; no browser download).
if ! command -v chromium > /dev/null; then
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
