#!/usr/bin/env bash
# Warm latency through the Lambda handler in one JVM against a zero-latency fake QuantConnect (a benchmark,
# not a test). Usage: bash bench/warm.sh
#   MEMORY_MB  run with the CPU share and memory of a Lambda function of this size (see lambda-share.sh; needs root).
#   LAMBDA_JAR another Lambda jar to measure (default: the one this build makes).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl app -am package -DskipTests
jar=${LAMBDA_JAR:-app/target/quant-connect-mcp-lambda.jar}
work=$(mktemp -d)
source bench/lambda-share.sh
trap 'rm -rf "$work"; share_cleanup' EXIT
javac -cp "$jar" -d "$work" bench/warm/Warm.java
export QUANTCONNECT_USER_ID=1 QUANTCONNECT_API_TOKEN=bench LOG_LEVEL=warn
echo "Each JVM: $share_note; load before: $(uptime | sed 's/.*load average: //')"
echo "## JVM flags of the deployed function (C1 only)"
"${in_share[@]}" java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$jar:$work" Warm
echo "## JVM defaults (C1 and C2)"
"${in_share[@]}" java -cp "$jar:$work" Warm
echo "Load after: $(uptime | sed 's/.*load average: //')"
