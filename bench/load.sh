#!/usr/bin/env bash
# Load run of the local server (a benchmark, not a test): 20,000 requests at concurrency 32 by default,
# half tools/list and half tools/call against a fake QuantConnect answering after 20 ms.
# Usage: bash bench/load.sh [requests] [concurrency] [qcLatencyMs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl app -am package -DskipTests
jar=app/target/quant-connect-mcp.jar
java bench/load/LoadRun.java "$jar" "${1:-20000}" "${2:-32}" "${3:-20}"
