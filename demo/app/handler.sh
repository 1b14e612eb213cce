#!/bin/busybox sh
# One HTTP request on stdin/stdout (busybox nc -ll -e forks one per connection).
#   GET /         200 "<version>\n"; DEMO_LATENCY_MS adds delay, DEMO_ERROR_RATIO makes 500s
#   GET /health   200 "ok\n"; 500 if DEMO_HEALTH_FAIL=1 or DEMO_HEALTH_FAIL_AFTER=S seconds passed
#   GET /metrics  Prometheus text format (counters over / requests only)
CR=$(printf '\r')
VERSION=${DEMO_VERSION:-${ROLLWATCH_VERSION:-unknown}}
METRICS=/tmp/demo-metrics

now_cs() { # centiseconds since boot
  read -r u _ < /proc/uptime
  echo "${u%%.*}${u#*.}"
}

respond() { # CODE REASON BODY [CONTENT_TYPE]
  printf 'HTTP/1.1 %s %s\r\nContent-Type: %s\r\nContent-Length: %s\r\nX-Demo-Version: %s\r\nX-Demo-Host: %s\r\nConnection: close\r\n\r\n%s' \
    "$1" "$2" "${4:-text/plain; charset=utf-8}" "${#3}" "$VERSION" "$(hostname)" "$3"
}

# count one / request: CODE MS. Lock = mkdir; after ~1 s of waiting, give up (approximate).
count() {
  i=0
  while ! mkdir /tmp/demo.lock 2>/dev/null; do
    i=$((i + 1))
    [ $i -gt 200 ] && return 0
    usleep 5000
  done
  read -r ok err sum cnt < "$METRICS" || { ok=0; err=0; sum=0; cnt=0; }
  if [ "$1" = 200 ]; then ok=$((ok + 1)); else err=$((err + 1)); fi
  sum=$((sum + $2))
  cnt=$((cnt + 1))
  echo "$ok $err $sum $cnt" > "$METRICS.$$"
  mv -f "$METRICS.$$" "$METRICS"
  rmdir /tmp/demo.lock
}

read -t 10 -r method target proto || exit 0
while IFS= read -t 10 -r h; do
  h=${h%"$CR"}
  [ -z "$h" ] && break
done
path=${target%%\?*}

case "$path" in
/)
  t0=$(now_cs)
  lat=${DEMO_LATENCY_MS:-0}
  [ "$lat" -gt 0 ] 2>/dev/null && usleep $((lat * 1000))
  code=200
  ratio=${DEMO_ERROR_RATIO:-0}
  if [ "$ratio" != 0 ]; then
    thr=$(awk -v r="$ratio" 'BEGIN { printf "%d", r * 10000 }')
    rnd=$(od -An -N2 -tu2 /dev/urandom)
    [ $((rnd % 10000)) -lt "$thr" ] && code=500
  fi
  ms=$((($(now_cs) - t0) * 10))
  count "$code" "$ms"
  if [ "$code" = 200 ]; then
    respond 200 OK "$VERSION
"
  else
    respond 500 "Internal Server Error" "error (DEMO_ERROR_RATIO=$ratio) $VERSION
"
  fi
  ;;
/health)
  fail=${DEMO_HEALTH_FAIL:-0}
  if [ -n "${DEMO_HEALTH_FAIL_AFTER:-}" ]; then
    read -r started < /tmp/demo-start
    up=$(now_cs)
    [ $((up / 100 - started)) -ge "$DEMO_HEALTH_FAIL_AFTER" ] && fail=1
  fi
  if [ "$fail" = 1 ]; then
    respond 500 "Internal Server Error" "unhealthy
"
  else
    respond 200 OK "ok
"
  fi
  ;;
/metrics)
  read -r ok err sum cnt < "$METRICS" || { ok=0; err=0; sum=0; cnt=0; }
  v=$(echo "$VERSION" | tr -d '"\\')
  respond 200 OK "# HELP demo_requests_total Requests to / by HTTP status code.
# TYPE demo_requests_total counter
demo_requests_total{code=\"200\"} $ok
demo_requests_total{code=\"500\"} $err
# HELP demo_request_duration_seconds Time spent answering / requests.
# TYPE demo_request_duration_seconds summary
demo_request_duration_seconds_sum $((sum / 1000)).$(printf '%03d' $((sum % 1000)))
demo_request_duration_seconds_count $cnt
# HELP demo_info Version of the running demo app.
# TYPE demo_info gauge
demo_info{version=\"$v\"} 1
" "text/plain; version=0.0.4; charset=utf-8"
  ;;
*)
  respond 404 "Not Found" "not found
"
  ;;
esac
