#!/usr/bin/env bash
# axon under mpirun (Open MPI). Usage: mpi.sh MPIEXEC EXAMPLES_BIN_DIR FAULTS_BIN
#  1. examples/brunel, unchanged, as 1, 2 and 3 processes (and 2 processes of 2 threads): every
#     process writes the spikes of its own neurons, named with its rank; the union of the files
#     is the same, bit for bit, for every P, and equals the run without mpirun.
#  2. tests/mpi/faults: a process that builds another network, simulates another time, fails,
#     hangs or dies ends the whole run with an error naming it, within a time limit.
set -euo pipefail
mpiexec="$1"
brunel="$2/brunel"
faults="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# what a CI container needs: root may run mpirun; more processes than cores; no ptrace-based
# single copy between processes
if [ "$(id -u)" = 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
run() { timeout 120 "$mpiexec" --oversubscribe "$@"; }

# 1. the same spikes for every number of processes
flags=(--order 100 --simtime 300 --seed 7)
"$brunel" "${flags[@]}" --out "$work/plain" >/dev/null
union() { tail -q -n +2 "$1"/spikes_"$2"-*.csv | sort; }
for setup in "1 1" "2 1" "3 1" "2 2"; do
  set -- $setup
  out="$work/p$1t$2"
  run -np "$1" "$brunel" "${flags[@]}" --threads "$2" --out "$out" >"$out.log" \
    || fail "brunel on $1 processes: $(cat "$out.log")"
  n_files=$(ls "$out"/spikes_E-*.csv | wc -l)
  [ "$n_files" = "$1" ] || fail "$1 processes wrote $n_files spikes_E files"
  for p in $(seq 0 $(($1 - 1))); do
    ls "$out"/spikes_E-*-"$p".csv >/dev/null || fail "no spikes_E file of process $p"
  done
  for pop in E I; do
    cmp -s <(union "$work/plain" $pop) <(union "$out" $pop) \
      || fail "$1 processes of $2 threads: the $pop spikes differ from one process's"
  done
  grep -q "^synapses: 25000 (recurrent)$" "$out/summary.txt" \
    || fail "$1 processes: $(grep synapses "$out/summary.txt")"
  if [ "$1" -gt 1 ]; then
    grep -q "^exchanges: 200, one per 1.5 ms" "$out/summary.txt" \
      || fail "$1 processes: spikes not exchanged once per min-delay: $(grep exchanges "$out/summary.txt")"
  fi
done
[ "$(union "$work/plain" E | wc -l)" -gt 500 ] || fail "too few spikes to compare"

# 2. faults: an error naming the process at fault, never a hang
expect() { # CASE STATUS TEXT
  local log="$work/$1.log" status=0
  mkdir -p "$work/$1"
  SECONDS=0
  run -np 3 "$faults" "$1" "$work/$1" >"$log" 2>&1 || status=$?
  [ "$SECONDS" -lt 60 ] || fail "$1: took $SECONDS s"
  [ "$status" != 124 ] || fail "$1: hung (killed by timeout)"
  if [ "$2" = 0 ]; then
    [ "$status" = 0 ] || fail "$1: exit status $status: $(cat "$log")"
  else
    [ "$status" != 0 ] || fail "$1: exit status 0: $(cat "$log")"
  fi
  grep -qF -- "$3" "$log" || fail "$1: no '$3' in: $(cat "$log")"
}
expect ok 0 "gathered "
expect mismatch 1 "process 0: process 1 built a different network from process 0's"
expect time 1 "process 2 simulates 500 steps from step 0 where process 0 simulates 1000 steps"
expect error 1 "process 0: process 1 stopped with an error"
expect error 1 "process 1: spike_recorder: cannot open '/nonexistent/axon/spike_recorder-"
expect hang 1 "no answer from process 1 within 3 s"
expect die 1 "process rank 1"
echo "mpi: ok"
