#!/usr/bin/env bash
# The scheduling table of issue 9 (README, "Which scheduling wins, and why"): every program of the
# benchmark set plus matmul, cannon and fib on parallella16 at default sizes, under every policy
# alone, every policy with CU-side scheduling, and the policies that use clusters cut 2x2 with and
# without CU-side scheduling; each row's speedup is over plain round-robin on the uncut machine.
# Then the critical-path ratio on ideal: makespan / max(CP, work / CUs) over random task graphs.
#
#   benchmarks/scheduling/table.sh [OUT]              # OUT defaults to runs/scheduling-table
#   PROGRAMS=fib,cholesky benchmarks/scheduling/table.sh runs/quick
#
# A rerun skips the points already in OUT. nbody at its default size (2048 particles, 32 steps)
# takes minutes of host time per point; the other programs take seconds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-runs/scheduling-table}"
programs="${PROGRAMS:-stencil,fft2d,nbody,cholesky,matmul,cannon,fib}"
cu="@scheduler.cu-side=on"
cl="@clusters.rows=2@clusters.cols=2"
plain="round-robin,least-loaded,critical-path,code-locality,data-locality,earliest-finish,compact,spread,work-stealing,hierarchical"
configs="$plain"
for p in ${plain//,/ }; do
  configs="$configs,$p$cu"
done
for p in round-robin hierarchical work-stealing critical-path; do
  configs="$configs,$p$cl,$p$cl$cu"
done
"$here/edarts" compare --programs "$programs" --policies "$configs" --no-trace --out "$out"
"$here/edarts" bounds --machine ideal --policies critical-path,earliest-finish,round-robin --sizes 100,1000,5000 --seeds 20
