#!/usr/bin/env bash
# Cold start of the packaged Lambda artifact beside the Node server users would deploy instead (a benchmark,
# not a test). Each run is a new process that answers one API Gateway v1 tools/list event; the configurations
# take turns (A B C ... A B C ...), so both sides see the same machine load, and every median comes with its
# ratio to the Node server's median of the same run.
#
# Usage: bash bench/cold.sh [runs]      (default 7 runs per configuration)
#   NODE_SERVER_HOME  the Node server set up as ../shared/bench/node-server/README.md says (its scripts, src/
#                     and dist-cdk/). Unset: the Node side is skipped, ours is timed by its own clock, no ratios.
#   JAVA17, JAVA25    the JVMs (default: java, and Temurin 25 under /usr/lib/jvm when present).
#   COMPARE_JAR       another Lambda jar (say, one built from main) timed in the same rounds, as deployed.
#   MEMORY_MB         run every measured process with the CPU share and memory of a Lambda function of this size
#                     (see lambda-share.sh; needs root). Unset: full CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
mvn -q -pl app -am package -DskipTests
jar=$PWD/app/target/quant-connect-mcp-lambda.jar
# The floors (bench/floor): the smallest app behind the same handler, on the same Micronaut, with the same AOT
# settings; without the MCP Java SDK, and with it through either JSON mapper.
parent() { sed -n '/<parent>/,/<\/parent>/s/.*<version>\(.*\)<\/version>.*/\1/p' "$1"; }
if [ "$(parent pom.xml)" != "$(parent bench/floor/pom.xml)" ]; then
  echo "bench/floor/pom.xml names micronaut-parent $(parent bench/floor/pom.xml), pom.xml $(parent pom.xml): make them one" >&2
  exit 1
fi
mvn -q -f bench/floor/pom.xml package -DskipTests
work=$(mktemp -d)
source bench/lambda-share.sh
trap 'rm -rf "$work"; share_cleanup' EXIT
java17=${JAVA17:-java}
java25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java}
[ -x "$java25" ] || java25=""

# Lambda unpacks the uploaded jar into its task root and loads the classes from there: so do we. Class-data
# sharing accepts jars only on the class path, so the archive rows load from the jar itself.
mkdir -p "$work/task" && (cd "$work/task" && unzip -q "$jar")
compare=${COMPARE_JAR:-}
[ -n "$compare" ] && mkdir -p "$work/compare" && (cd "$work/compare" && unzip -q "$compare")
floor_jar=$PWD/bench/floor/target/cold-start-floor-1.jar
mkdir -p "$work/floor" && (cd "$work/floor" && unzip -q "$floor_jar")
# The floor goes through Micronaut AOT with the Lambda jar's settings, app/aot-lambda.properties (the exclusions the
# build adds to them for the Lambda jar concern modules the floor does not have).
aot_tool=$(ls app/target/aot-tool/*.jar | tr '\n' ':')
LOG_LEVEL=warn java -cp "$aot_tool" io.micronaut.aot.cli.Main --classpath="$aot_tool$work/floor" --runtime=jit \
  --package=floor.aot --config=app/aot-lambda.properties --output="$work/floor-aot" > "$work/floor-aot.log" 2>&1
cp -r "$work/floor-aot/classes/." "$work/floor/"
javac -cp "$jar" -d "$work/classes" bench/cold/Cold.java
jar cf "$work/cold.jar" -C "$work/classes" .

export QUANTCONNECT_USER_ID=1 QUANTCONNECT_API_TOKEN=bench LOG_LEVEL=warn
deploy="-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
# The archives are made by one training run each (not counted).
"$java17" $deploy -XX:ArchiveClassesAtExit="$work/app17.jsa" -cp "$jar:$work/cold.jar" Cold - > /dev/null
if [ -n "$java25" ]; then
  "$java25" $deploy -XX:AOTCacheOutput="$work/app25.aot" -cp "$jar:$work/cold.jar" Cold - > /dev/null 2>&1 || true
fi

node_home=${NODE_SERVER_HOME:-}
if [ -n "$node_home" ] && [ -f "$node_home/measure-cold-cmd.js" ] && [ -f "$node_home/dist-cdk/index.js" ]; then
  export NODE_PATH=$node_home/src/node_modules
else
  echo "NODE_SERVER_HOME is not set (or not set up): the Node server is skipped, ours is timed by its own clock and"
  echo "no ratio is given. Set it up as ../shared/bench/node-server/README.md says to compare side by side."
  node_home=""
fi

# Configurations: name|command. "Cold -" lets the harness time the process; without it Cold uses the clock passed in.
configs=()
[ -n "$node_home" ] && configs+=("Node server (Middy, esbuild bundle as CDK builds it)|node $node_home/driver.js $node_home/dist-cdk/index.js once tools/list")
configs+=("Java 17, C1 only (deployed flags)|$java17 $deploy -cp $work/task:$work/cold.jar Cold @ cold")
[ -n "$compare" ] && configs+=("Java 17, C1 only (deployed flags), COMPARE_JAR|$java17 $deploy -cp $work/compare:$work/cold.jar Cold @ cold")
configs+=("Floor: a fixed answer behind the same handler, Micronaut AOT, no logging (bench/floor)|$java17 $deploy -cp $work/floor:$work/cold.jar Cold @ cold")
configs+=("Floor with the MCP SDK: its stateless server lists 69 made-up tools through its Jackson mapper, as ours (bench/floor, FLOOR_MCP=jackson)|env FLOOR_MCP=jackson $java17 $deploy -cp $work/floor:$work/cold.jar Cold @ cold")
configs+=("Floor with the MCP SDK through a mapper on Micronaut Serialization, no Jackson databind (FLOOR_MCP=serde)|env FLOOR_MCP=serde $java17 $deploy -cp $work/floor:$work/cold.jar Cold @ cold")
configs+=("Java 17, C1, SnapStart hooks run first (restore itself not included)|$java17 $deploy -cp $work/task:$work/cold.jar Cold @ primed")
configs+=("Java 17, C1 + AppCDS archive (from the jar)|$java17 $deploy -XX:SharedArchiveFile=$work/app17.jsa -cp $jar:$work/cold.jar Cold @ cold")
if [ -n "$java25" ]; then
  configs+=("Java 25, C1 only|$java25 $deploy -cp $work/task:$work/cold.jar Cold @ cold")
  [ -f "$work/app25.aot" ] && configs+=("Java 25, C1 + AOT cache (from the jar)|$java25 $deploy -XX:AOTCache=$work/app25.aot -cp $jar:$work/cold.jar Cold @ cold")
fi

# Waits (up to 60 s) until the CPUs are at least 85% idle, so that a round does not start during someone's build.
busy_rounds=0
quiet() {
  local waited=0 a b idle total i
  while :; do
    a=($(head -1 /proc/stat)); sleep 0.5; b=($(head -1 /proc/stat))
    idle=$(( b[4] + b[5] - a[4] - a[5] )); total=0
    for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
    (( idle * 100 >= 85 * (total > 0 ? total : 1) )) && return
    if (( waited >= 60 )); then busy_rounds=$((busy_rounds + 1)); return; fi
    sleep 1.5; waited=$((waited + 2))
  done
}

echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); each run: $share_note;" \
  "load before: $(uptime | sed 's/.*load average: //')"
for round in $(seq "$runs"); do
  quiet
  for i in "${!configs[@]}"; do
    cmd=${configs[$i]#*|}
    if [ -n "$node_home" ]; then
      out=$(COLD_LOG="$work/cold-$i.log" node "$node_home/measure-cold-cmd.js" --runs 1 --discard 0 --marker '^(RESULT|COLD) ' \
        -- "${in_share[@]}" ${cmd/ @ / - })
      ms=$(sed 's/.*"toMarkerMs":{"min":\([0-9.]*\).*/\1/' <<<"$out")
      rss=$(sed 's/.*"peakRssMB":{"min":\([0-9.]*\).*/\1/' <<<"$out")
      echo "$ms $rss" >> "$work/times-$i"
    else
      line=$("${in_share[@]}" ${cmd/ @ / $(date +%s%N) } | grep '^COLD')
      echo "$line" >> "$work/cold-$i.log"
      echo "$(sed 's/.* ms=\([0-9]*\).*/\1/' <<<"$line") $(sed 's/.* rssMb=\([0-9]*\).*/\1/' <<<"$line")" >> "$work/times-$i"
    fi
  done
done

median() { sort -n | awk '{v[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$2"; }
node_median=""
[ -n "$node_home" ] && node_median=$(cut -d' ' -f1 "$work/times-0" | median)
echo
echo "| Configuration ($runs runs each, alternating) | median ms | vs Node | min ms | max ms | peak RSS MB | CPU ms | context ms | first tools/list ms |"
echo "|---|---|---|---|---|---|---|---|---|"
for i in "${!configs[@]}"; do
  name=${configs[$i]%%|*}
  times=$(cut -d' ' -f1 "$work/times-$i" | sort -n)
  med=$(median <<<"$times")
  ratio="-"
  [ -n "$node_median" ] && ratio=$(awk -v a="$med" -v b="$node_median" 'BEGIN {printf "%.2f", a / b}')
  rss=$(cut -d' ' -f2 "$work/times-$i" | sort -n | tail -1)
  cpu="-" ctx="-" first="-"
  if [ -f "$work/cold-$i.log" ]; then
    cpu=$(field cpuMs "$work/cold-$i.log" | median)
    ctx=$(field initMs "$work/cold-$i.log" | median)
    first=$(field firstRequestMs "$work/cold-$i.log" | median)
  fi
  printf '| %s | %.0f | %s | %.0f | %.0f | %.0f | %s | %s | %s |\n' "$name" "$med" "$ratio" "$(head -1 <<<"$times")" \
    "$(tail -1 <<<"$times")" "$rss" "$cpu" "$ctx" "$first"
done
for i in "${!configs[@]}"; do
  if [ -f "$work/cold-$i.log" ] && grep -q afterRestoreMs "$work/cold-$i.log"; then
    echo
    echo "SnapStart hooks (medians): beforeCheckpoint $(field beforeCheckpointMs "$work/cold-$i.log" | median) ms (before the" \
      "snapshot, in INIT_REPORT's Init Duration on AWS), afterRestore $(field afterRestoreMs "$work/cold-$i.log" | median) ms" \
      "(in the REPORT line's Restore Duration and Billed Restore Duration)."
  fi
done
echo
echo "Load after: $(uptime | sed 's/.*load average: //'); rounds started while the CPUs were busy (after 60 s of waiting): $busy_rounds of $runs"
