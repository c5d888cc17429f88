#!/usr/bin/env bash
# Cold start of the packaged Lambda artifact (a benchmark, not a test): each run is a new JVM that builds the
# API Gateway v1 handler and answers one tools/list; time from process start to the first response, and peak
# RSS. Runs each JVM configuration RUNS times (default 10). Usage: bash bench/cold.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
mvn -q -pl app -am package -DskipTests -Dlambda
jar=$(ls app/target/quant-connect-mcp-app-*.jar | grep -v original | head -1)
work=$(mktemp -d)
java17=${JAVA17:-java}
java25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java}
javac -cp "$jar" -d "$work" bench/cold/Cold.java
export QUANTCONNECT_USER_ID=1 QUANTCONNECT_API_TOKEN=bench LOG_LEVEL=warn
deploy="-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
# Class-data sharing archives are made by one training run each (not counted).
"$java17" $deploy -XX:ArchiveClassesAtExit="$work/app17.jsa" -cp "$jar:$work" Cold > /dev/null
if [ -x "$java25" ]; then
  "$java25" $deploy -XX:AOTCacheOutput="$work/app25.aot" -cp "$jar:$work" Cold > /dev/null 2>&1 || true
fi
measure() {
  local name=$1; shift
  local times=() rss=()
  for _ in $(seq "$runs"); do
    line=$("$@" -cp "$jar:$work" Cold | grep '^COLD')
    times+=("$(sed 's/.* ms=\([0-9]*\).*/\1/' <<<"$line")")
    rss+=("$(sed 's/.* rssMb=\([0-9]*\).*/\1/' <<<"$line")")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  min=$(head -1 <<<"$sorted"); max=$(tail -1 <<<"$sorted")
  median=$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")
  peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$min" "$median" "$max" "$peak"
}
echo "| JVM and options ($runs runs each) | min ms | median ms | max ms | peak RSS MB |"
echo "|---|---|---|---|---|"
measure "Java 17, C1 only (deployed flags)" "$java17" $deploy
measure "Java 17, C1 + AppCDS archive" "$java17" $deploy -XX:SharedArchiveFile="$work/app17.jsa"
measure "Java 17, C1 + AppCDS + SerialGC" "$java17" $deploy -XX:+UseSerialGC -XX:SharedArchiveFile="$work/app17.jsa"
if [ -x "$java25" ]; then
  measure "Java 25, C1 only" "$java25" $deploy
  if [ -f "$work/app25.aot" ]; then
    measure "Java 25, C1 + AOT cache" "$java25" $deploy -XX:AOTCache="$work/app25.aot"
    measure "Java 25, C1 + AOT cache + SerialGC" "$java25" $deploy -XX:+UseSerialGC -XX:AOTCache="$work/app25.aot"
  fi
fi
rm -rf "$work"
