#!/usr/bin/env bash
# Start a one-node Slurm cluster on this machine for the Slurm backend's test (issue 11): installs the Debian packages
# slurm-wlm and munge if missing, writes a minimal /etc/slurm/slurm.conf for this host, starts munged, slurmctld and
# slurmd, and waits until the node is idle. Idempotent: a second call with the cluster up returns at once.
# Run as root. Exits non-zero with one clear "slurm-one-node: ..." line on stderr when it cannot.
# Environment: SLURM_ONE_NODE_NO_INSTALL=1 never installs packages (the test fixture uses it);
#              SLURM_ONE_NODE_TIMEOUT_S bounds the wait for the node (default 60).
# Stop: scancel -u root; kill the daemons by the pids in /run/slurm-one-node.pids.
set -euo pipefail
start=$(date +%s.%N)
fail() { echo "slurm-one-node: $*" >&2; exit 1; }
elapsed() { awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
node_state() { sinfo -h -n "$1" -o %T 2>/dev/null | head -n 1 || true; }
# sinfo retries for ~9 s when no controller answers, so it is only asked once slurmctld runs here.
ready() { pgrep -x slurmctld >/dev/null || return 1; case "$(node_state "$1")" in idle*|mixed*|allocated*|completing*) return 0 ;; *) return 1 ;; esac; }

[ "$(id -u)" = 0 ] || fail "must run as root (it installs packages and starts daemons)"
timeout_s=${SLURM_ONE_NODE_TIMEOUT_S:-60}

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  [ "${SLURM_ONE_NODE_NO_INSTALL:-0}" = 1 ] && fail "Slurm is not installed (slurm-wlm, munge) and SLURM_ONE_NODE_NO_INSTALL=1"
  command -v apt-get >/dev/null || fail "Slurm is not installed and apt-get is missing (install slurm-wlm and munge by hand)"
  echo "slurm-one-node: installing slurm-wlm and munge"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge; } >/tmp/slurm-one-node.apt.log 2>&1 \
    || fail "apt-get install slurm-wlm munge failed (see /tmp/slurm-one-node.apt.log)"
fi

# slurmd registers under the short host name; the node's size is this machine's (memory leaves 2 GiB to the system).
host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(( $(awk '/MemTotal/ { print $2 }' /proc/meminfo) / 1024 ))
if [ "$mem_mb" -gt 4096 ]; then mem_mb=$(( mem_mb - 2048 )); else mem_mb=$(( mem_mb / 2 )); fi
conf=$(cat <<CONF
# Written by .ci/slurm-one-node.sh: a one-node test cluster; jobs run as the submitting user (root here).
ClusterName=local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
)
changed=0
if [ "$(cat /etc/slurm/slurm.conf 2>/dev/null || true)" != "$conf" ]; then
  mkdir -p /etc/slurm
  printf '%s\n' "$conf" > /etc/slurm/slurm.conf.tmp && mv /etc/slurm/slurm.conf.tmp /etc/slurm/slurm.conf
  changed=1
fi

if [ "$changed" = 0 ] && ready "$host"; then
  echo "slurm-one-node: already running ($(node_state "$host"), $(elapsed) s)"
  exit 0
fi

mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /etc/munge
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
chown munge:munge /etc/munge/munge.key /run/munge
chmod 400 /etc/munge/munge.key
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged || fail "munged did not start"
munge -n </dev/null | unmunge >/dev/null 2>&1 || fail "munge cannot encode and decode a credential (check /etc/munge/munge.key)"

if pgrep -x slurmctld >/dev/null; then
  [ "$changed" = 1 ] && { scontrol reconfigure || fail "scontrol reconfigure failed after slurm.conf changed"; }
else
  /usr/sbin/slurmctld || fail "slurmctld did not start (see /var/log/slurm/slurmctld.log)"
fi
pgrep -x slurmd >/dev/null || /usr/sbin/slurmd || fail "slurmd did not start (see /var/log/slurm/slurmd.log)"

deadline=$(( $(date +%s) + timeout_s ))
resumed=0
until ready "$host"; do
  state=$(node_state "$host")
  # A node left down or drained by an earlier run (e.g. the machine restarted under it) is put back once.
  case "$state" in
    down*|drain*|fail*) [ "$resumed" = 0 ] && scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true; resumed=1 ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    tail -n 5 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 2>/dev/null || true
    fail "node $host is not idle after ${timeout_s} s (state: ${state:-no answer from slurmctld})"
  fi
  sleep 0.5
done
{ pgrep -x munged; pgrep -x slurmctld; pgrep -x slurmd; } > /run/slurm-one-node.pids
echo "slurm-one-node: node $host $(node_state "$host") with $cpus CPUs ($(elapsed) s)"
