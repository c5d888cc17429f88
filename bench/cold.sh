#!/usr/bin/env bash
# Cold start of the packaged Lambda artifact (a benchmark, not a test): each run is a new JVM that builds the
# API Gateway v1 handler and answers one tools/list; time from process start to the first response, and peak
# RSS. Runs each JVM configuration RUNS times (default 10). Usage: bash bench/cold.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
mvn -q -pl app -am package -DskipTests
jar=app/target/quant-connect-mcp-lambda.jar
work=$(mktemp -d)
java17=${JAVA17:-java}
java25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java}
javac -cp "$jar" -d "$work/classes" bench/cold/Cold.java
# Class-data sharing accepts jars only on the class path, not directories.
jar cf "$work/cold.jar" -C "$work/classes" .
cp="$jar:$work/cold.jar"
export QUANTCONNECT_USER_ID=1 QUANTCONNECT_API_TOKEN=bench LOG_LEVEL=warn
deploy="-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
# Class-data sharing archives are made by one training run each (not counted).
"$java17" $deploy -XX:ArchiveClassesAtExit="$work/app17.jsa" -cp "$cp" Cold "$(date +%s%N)" > /dev/null
if [ -x "$java25" ]; then
  "$java25" $deploy -XX:AOTCacheOutput="$work/app25.aot" -cp "$cp" Cold "$(date +%s%N)" > /dev/null 2>&1 || true
fi
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
field() { sed "s/.* $1=\([0-9]*\).*/\1/"; }
measure() {
  local name=$1 mode=$2; shift 2
  local lines=""
  for _ in $(seq "$runs"); do
    lines+="$("$@" -cp "$cp" Cold "$(date +%s%N)" $mode | grep '^COLD')"$'\n'
  done
  lines=${lines%$'\n'}
  local sorted; sorted=$(field ms <<<"$lines" | sort -n)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$(head -1 <<<"$sorted")" "$(median <<<"$sorted")" \
    "$(tail -1 <<<"$sorted")" "$(field rssMb <<<"$lines" | sort -n | tail -1)" "$(field jvmMs <<<"$lines" | median)" \
    "$(field initMs <<<"$lines" | median)" "$(field firstRequestMs <<<"$lines" | median)"
}
echo "| JVM and options ($runs runs each) | min ms | median ms | max ms | peak RSS MB | median: JVM to main ms | context ms | first tools/list ms |"
echo "|---|---|---|---|---|---|---|---|"
measure "Java 17, C1 only (deployed flags)" cold "$java17" $deploy
measure "Java 17, C1 + AppCDS archive" cold "$java17" $deploy -XX:SharedArchiveFile="$work/app17.jsa"
measure "Java 17, C1 + AppCDS + SerialGC" cold "$java17" $deploy -XX:+UseSerialGC -XX:SharedArchiveFile="$work/app17.jsa"
# SnapStart: the hooks run before the snapshot; the column that matters is the first tools/list after them.
measure "Java 17, C1, SnapStart hooks run first (restore itself not included)" primed "$java17" $deploy
if [ -x "$java25" ]; then
  measure "Java 25, C1 only" cold "$java25" $deploy
  if [ -f "$work/app25.aot" ]; then
    measure "Java 25, C1 + AOT cache" cold "$java25" $deploy -XX:AOTCache="$work/app25.aot"
    measure "Java 25, C1 + AOT cache + SerialGC" cold "$java25" $deploy -XX:+UseSerialGC -XX:AOTCache="$work/app25.aot"
  fi
fi
rm -rf "$work"
