#!/usr/bin/env bash
# Memory and threads of the local server under clients that hold requests open (a benchmark, not a test): 120
# connections that each send 5.5 MB of a 6 MB body and stall, with and without the API key, then 200 tool calls at
# once against a fake QuantConnect that answers after 5 s. Prints RSS and thread counts over time.
# Usage: bash bench/memory.sh [jar]   (default: the local-server jar this builds)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:-}
if [ -z "$jar" ]; then
  mvn -q -pl app -am package -DskipTests
  jar=app/target/quant-connect-mcp.jar
fi
echo "== 120 stalled 5.5 MB bodies with the key"
java bench/memory/StalledBodies.java "$jar" bodies 120 5500000 true
echo "== 120 stalled 5.5 MB bodies without the key"
java bench/memory/StalledBodies.java "$jar" bodies 120 5500000 false
echo "== 200 tool calls at once, QuantConnect answering after 5 s"
java bench/memory/StalledBodies.java "$jar" calls 200 5000
