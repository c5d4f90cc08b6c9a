#!/usr/bin/env bash
# Prints the median wall-clock and CPU time of a gramian command over several runs, after one
# warm-up run (which also builds the project and the class-data archive if needed).
#
#   cli/startup-time.sh                      # ./gramian plugins list, 11 runs
#   RUNS=21 cli/startup-time.sh plugins list --json
#
# The target in issue 2 is a median under 1 s for `plugins list`. On a shared machine, CPU time
# (user + sys) is the steadier number; wall time is what a user feels.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-11}"
command=("$@")
[[ ${#command[@]} -gt 0 ]] || command=(plugins list)

"$root/gramian" "${command[@]}" >/dev/null
walls=() cpus=()
TIMEFORMAT='%R %U %S'
for ((i = 0; i < runs; i++)); do
  read -r wall user sys < <({ time GRAMIAN_SKIP_BUILD=1 "$root/gramian" "${command[@]}" >/dev/null 2>&1; } 2>&1)
  walls+=("$wall")
  cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "gramian ${command[*]}: median of $runs runs: wall $(median "${walls[@]}") s, cpu $(median "${cpus[@]}") s"
