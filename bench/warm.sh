#!/usr/bin/env bash
# Warm latency through the Lambda handler in one JVM against a zero-latency fake QuantConnect (a benchmark,
# not a test). Usage: bash bench/warm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl app -am package -DskipTests
jar=app/target/quant-connect-mcp-lambda.jar
work=$(mktemp -d)
javac -cp "$jar" -d "$work" bench/warm/Warm.java
export QUANTCONNECT_USER_ID=1 QUANTCONNECT_API_TOKEN=bench LOG_LEVEL=warn
echo "## JVM flags of the deployed function (C1 only)"
java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$jar:$work" Warm
echo "## JVM defaults (C1 and C2)"
java -cp "$jar:$work" Warm
rm -rf "$work"
