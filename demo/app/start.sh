#!/bin/busybox sh
# Container entry (under tini). Knobs: see handler.sh.
if [ "${DEMO_CRASH:-0}" = 1 ]; then
  echo "demo: DEMO_CRASH=1, exiting" >&2
  exit 3
fi
# DEMO_START_DELAY=S: a slow start (seconds before the port opens)
if [ -n "${DEMO_START_DELAY:-}" ]; then sleep "$DEMO_START_DELAY"; fi
mkdir -p /tmp && chmod 1777 /tmp
# a restarted container keeps its /tmp: counters start again from zero, as a real app's would
rm -rf /tmp/demo.lock
echo "0 0 0 0" > /tmp/demo-metrics
read -r up _ < /proc/uptime
echo "${up%%.*}" > /tmp/demo-start
echo "demo ${DEMO_VERSION:-${ROLLWATCH_VERSION:-unknown}} listening on :${PORT:-8080}" >&2
# DEMO_CRASH_AFTER=S: serve for S seconds, then exit non-zero (a crash after start; the
# container's restart policy brings it back, which rollwatch counts as a restart)
if [ -n "${DEMO_CRASH_AFTER:-}" ]; then
  /bin/busybox nc -ll -p "${PORT:-8080}" -e /app/handler.sh &
  sleep "$DEMO_CRASH_AFTER"
  echo "demo: DEMO_CRASH_AFTER=$DEMO_CRASH_AFTER, crashing" >&2
  exit 4
fi
exec /bin/busybox nc -ll -p "${PORT:-8080}" -e /app/handler.sh
