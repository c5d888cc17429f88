# Sourced by cold.sh and warm.sh. With MEMORY_MB set, every measured process runs in a control group that gives it
# what a Lambda function of that size gets: the CPU share Lambda allots in proportion to memory (1,769 MB is one
# vCPU) and the memory itself as its limit (the JVM sizes its heap and picks its collector from that limit, as it
# does in the function's micro-VM). Needs root and the cgroup v1 cpu and memory controllers, or cgroup v2 with both.
# Defines the array in_share: "${in_share[@]}" before a command runs it inside the group (nothing without MEMORY_MB).
in_share=()
share_note="full CPUs, no memory limit"
share_dirs=()
if [ -n "${MEMORY_MB:-}" ]; then
  period=100000
  quota=$(( MEMORY_MB * period / 1769 ))
  name=quant-connect-mcp-bench-$$
  if [ -w /sys/fs/cgroup/cpu ] && [ -w /sys/fs/cgroup/memory ]; then
    share_dirs=(/sys/fs/cgroup/cpu/$name /sys/fs/cgroup/memory/$name)
    mkdir "${share_dirs[@]}"
    echo $period > "${share_dirs[0]}/cpu.cfs_period_us"
    echo $quota > "${share_dirs[0]}/cpu.cfs_quota_us"
    echo $(( MEMORY_MB * 1024 * 1024 )) > "${share_dirs[1]}/memory.limit_in_bytes"
  elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null && grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
    share_dirs=(/sys/fs/cgroup/$name)
    mkdir "${share_dirs[0]}"
    echo "$quota $period" > "${share_dirs[0]}/cpu.max"
    echo $(( MEMORY_MB * 1024 * 1024 )) > "${share_dirs[0]}/memory.max"
  else
    echo "MEMORY_MB needs root and writable cgroup cpu and memory controllers; none found." >&2
    exit 1
  fi
  in_share=(sh -c "for d in ${share_dirs[*]}; do echo \$\$ > \$d/cgroup.procs; done; exec \"\$0\" \"\$@\"")
  share_note="as a $MEMORY_MB MB function: $(awk -v q=$quota -v p=$period 'BEGIN {printf "%.2f", q / p}') of a CPU, $MEMORY_MB MB memory limit"
fi

share_cleanup() {
  local d
  for d in "${share_dirs[@]}"; do rmdir "$d" 2>/dev/null || true; done
}
