#!/usr/bin/env bash
# Time to the first tools/list answer, from process start, over --stdio and over the local HTTP server (a benchmark,
# not a test): each run starts a new JVM from the runnable jar, initializes as a client does, then asks tools/list.
# Usage: bash bench/stdio.sh [runs per transport] [jar]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${2:-}
if [ -z "$jar" ]; then
  mvn -q -pl app -am package -DskipTests
  jar=app/target/quant-connect-mcp.jar
fi
java bench/stdio/FirstToolsList.java "$jar" "${1:-7}"
