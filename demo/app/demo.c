/*
 * rollwatch demo app: a small HTTP/1.1 server, one thread, one epoll loop, no process per
 * request. Built static by `scripts/lab up` (gcc -static) and copied into a FROM-scratch image.
 *
 *   demo                     serve on :$PORT (default 8080)
 *   demo healthcheck [URL]   GET URL (default http://127.0.0.1:$PORT/health): exit 0 on 2xx
 *
 * Routes: GET|HEAD /  /health  /metrics; anything else 404. Every response carries
 * X-Release (the version: DEMO_VERSION, else ROLLWATCH_VERSION, else "unknown").
 * Knobs (environment), see docs/lab.md:
 *   DEMO_LATENCY_MS=N          N ms added to / (a timer: the loop keeps serving meanwhile)
 *   DEMO_LATENCY_JITTER_MS=J   the added latency is uniform in [N-J, N+J] (not below 0)
 *   DEMO_ERROR_RATIO=R         that fraction of / answers 500
 *   DEMO_HEALTH_FAIL=1         /health answers 500
 *   DEMO_HEALTH_FAIL_AFTER=S   /health answers 500 once S seconds passed since the port opened
 *   DEMO_CRASH=1               exit 3 at start
 *   DEMO_CRASH_AFTER=S         exit 4 S seconds after the port opened
 *   DEMO_START_DELAY=S         wait S seconds before opening the port
 * SIGTERM/SIGINT: close the listener, close idle connections, finish the requests in flight
 * (answered with Connection: close), then exit 0; after DRAIN_MAX_MS whatever is left is cut.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HDR_MAX 8192            /* request line + headers; more is 431 */
#define IN_CAP (2 * HDR_MAX)    /* read buffer: room for pipelined requests */
#define BODY_MAX (1 << 20)      /* request bodies are read and dropped, up to this */
#define MAX_CONNS 8192
#define IDLE_MS 60000           /* keep-alive connection with nothing to say */
#define HEADER_MS 10000         /* a request that started must be complete within this */
#define DRAIN_MAX_MS 8000       /* docker stop sends KILL after 10 s by default */
#define MAX_EVENTS 256

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void logf_(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* ------------------------------------------------------------------ settings */
static struct {
  int port;
  const char *version_raw;
  char version[256];       /* printable ASCII only: safe in a header and a label */
  char host[128];
  double latency_ms, jitter_ms, error_ratio, health_fail_after_s, crash_after_s, start_delay_s;
  int health_fail, crash;
} cfg;

static double env_num(const char *name, double def) {
  const char *v = getenv(name);
  if (!v || !*v) return def;
  char *end;
  double d = strtod(v, &end);
  if (end == v || *end || !isfinite(d) || d < 0) {
    logf_("demo: %s=%s is not a number >= 0; ignored", name, v);
    return def;
  }
  return d;
}

static void load_config(void) {
  const char *p = getenv("PORT");
  cfg.port = p && *p ? atoi(p) : 8080;
  if (cfg.port <= 0 || cfg.port > 65535) cfg.port = 8080;
  const char *v = getenv("DEMO_VERSION");
  if (!v || !*v) v = getenv("ROLLWATCH_VERSION");
  if (!v || !*v) v = "unknown";
  cfg.version_raw = v;
  size_t n = 0;
  for (const char *s = v; *s && n < sizeof cfg.version - 1; s++)
    if (*s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\') cfg.version[n++] = *s;
  cfg.version[n] = 0;
  if (gethostname(cfg.host, sizeof cfg.host) != 0) strcpy(cfg.host, "?");
  cfg.host[sizeof cfg.host - 1] = 0;
  cfg.latency_ms = env_num("DEMO_LATENCY_MS", 0);
  cfg.jitter_ms = env_num("DEMO_LATENCY_JITTER_MS", 0);
  cfg.error_ratio = env_num("DEMO_ERROR_RATIO", 0);
  cfg.health_fail = env_num("DEMO_HEALTH_FAIL", 0) == 1;
  cfg.health_fail_after_s = env_num("DEMO_HEALTH_FAIL_AFTER", -1);
  cfg.crash = env_num("DEMO_CRASH", 0) == 1;
  cfg.crash_after_s = env_num("DEMO_CRASH_AFTER", -1);
  cfg.start_delay_s = env_num("DEMO_START_DELAY", 0);
}

/* xorshift64*: the error ratio needs no more */
static uint64_t rng_state;
static double rnd01(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (double)((rng_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* ------------------------------------------------------------------ metrics */
static const double BUCKETS[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBUCKETS (sizeof BUCKETS / sizeof BUCKETS[0])
enum { P_ROOT, P_HEALTH, P_METRICS, P_OTHER, NPATHS };
static const char *PATH_LABEL[NPATHS] = {"/", "/health", "/metrics", "other"};
static struct {
  uint64_t root_by_code[600];   /* / requests by status */
  uint64_t by_path_code[NPATHS][600];
  uint64_t hist[NBUCKETS];      /* not cumulative here; summed when rendered */
  uint64_t hist_count;
  double hist_sum;
  uint64_t accepted, open, inflight;
  double start_unix;
} m;

static void observe(int path, int code, int64_t dur_ns) {
  if (code < 100 || code > 599) code = 599;
  m.by_path_code[path][code]++;
  if (path != P_ROOT) return;
  m.root_by_code[code]++;
  double s = dur_ns / 1e9;
  m.hist_count++;
  m.hist_sum += s;
  for (size_t i = 0; i < NBUCKETS; i++)
    if (s <= BUCKETS[i]) { m.hist[i]++; break; }
}

struct buf { char *p; size_t len, cap; };
static void buf_reserve(struct buf *b, size_t extra) {
  if (b->len + extra <= b->cap) return;
  size_t cap = b->cap ? b->cap : 512;
  while (cap < b->len + extra) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) { logf_("demo: out of memory"); exit(70); }
  b->p = p;
  b->cap = cap;
}
static void buf_add(struct buf *b, const char *s, size_t n) {
  buf_reserve(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
}
static void buf_printf(struct buf *b, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    size_t room = b->cap - b->len;
    va_start(ap, fmt);
    int n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < room) { b->len += n; return; }
    buf_reserve(b, n + 1);
  }
}

static void render_metrics(struct buf *b) {
  buf_printf(b, "# HELP demo_requests_total Requests to / by HTTP status code.\n# TYPE demo_requests_total counter\n");
  for (int c = 100; c < 600; c++)
    if (m.root_by_code[c] || c == 200 || c == 500) buf_printf(b, "demo_requests_total{code=\"%d\"} %llu\n", c, (unsigned long long)m.root_by_code[c]);
  buf_printf(b, "# HELP demo_request_duration_seconds Time to answer / (request parsed to response queued), added latency included.\n# TYPE demo_request_duration_seconds histogram\n");
  uint64_t cum = 0;
  for (size_t i = 0; i < NBUCKETS; i++) {
    cum += m.hist[i];
    buf_printf(b, "demo_request_duration_seconds_bucket{le=\"%g\"} %llu\n", BUCKETS[i], (unsigned long long)cum);
  }
  buf_printf(b, "demo_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)m.hist_count);
  buf_printf(b, "demo_request_duration_seconds_sum %.6f\ndemo_request_duration_seconds_count %llu\n", m.hist_sum, (unsigned long long)m.hist_count);
  buf_printf(b, "# HELP demo_http_responses_total Every response by path (/, /health, /metrics, other) and status code.\n# TYPE demo_http_responses_total counter\n");
  for (int p = 0; p < NPATHS; p++)
    for (int c = 100; c < 600; c++)
      if (m.by_path_code[p][c]) buf_printf(b, "demo_http_responses_total{path=\"%s\",code=\"%d\"} %llu\n", PATH_LABEL[p], c, (unsigned long long)m.by_path_code[p][c]);
  buf_printf(b, "# HELP demo_connections_accepted_total TCP connections accepted.\n# TYPE demo_connections_accepted_total counter\ndemo_connections_accepted_total %llu\n", (unsigned long long)m.accepted);
  buf_printf(b, "# HELP demo_connections_open TCP connections open now.\n# TYPE demo_connections_open gauge\ndemo_connections_open %llu\n", (unsigned long long)m.open);
  buf_printf(b, "# HELP demo_requests_in_flight Requests being answered now (waiting out the added latency included).\n# TYPE demo_requests_in_flight gauge\ndemo_requests_in_flight %llu\n", (unsigned long long)m.inflight);
  buf_printf(b, "# HELP demo_start_time_seconds Unix time the port opened.\n# TYPE demo_start_time_seconds gauge\ndemo_start_time_seconds %.3f\n", m.start_unix);
  buf_printf(b, "# HELP demo_info Version of the running demo app.\n# TYPE demo_info gauge\ndemo_info{version=\"%s\"} 1\n", cfg.version);
}

/* ------------------------------------------------------------------ connections */
enum { C_FREE, C_READ, C_DELAY, C_WRITE, C_LINGER };
#define LINGER_MS 2000        /* after a rejection: read and drop what the client still sends */
struct conn {
  int fd, state;
  uint32_t ev;             /* epoll events registered now */
  uint32_t gen;
  char *in;
  size_t in_len;
  size_t body_left;        /* bytes of the current request's body still to drop */
  struct buf out;
  size_t out_off;
  int keep_alive, head, close_after;
  int path;                /* route of the request in progress */
  int64_t t_start;         /* when the request in progress was parsed */
  int64_t t_activity;      /* last read or write (idle timeout) */
  int64_t t_req_begin;     /* first byte of a not yet complete request, or 0 */
};
static struct conn conns[MAX_CONNS];
static int conn_hwm;       /* slots [0, conn_hwm) may be in use */
static int epfd, lfd = -1, listening_paused, draining;
static int64_t t_start_ns, drain_deadline;

/* min-heap of timers: a delayed response (slot + generation: the connection may be gone) */
struct timer { int64_t when; int slot; uint32_t gen; };
static struct timer *heap;
static size_t heap_len, heap_cap;
static void heap_push(struct timer t) {
  if (heap_len == heap_cap) {
    heap_cap = heap_cap ? heap_cap * 2 : 1024;
    heap = realloc(heap, heap_cap * sizeof *heap);
    if (!heap) { logf_("demo: out of memory"); exit(70); }
  }
  size_t i = heap_len++;
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (heap[p].when <= t.when) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = t;
}
static struct timer heap_pop(void) {
  struct timer top = heap[0], last = heap[--heap_len];
  size_t i = 0;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, s = i;
    if (l < heap_len && heap[l].when < last.when) s = l;
    if (r < heap_len && heap[r].when < (s == i ? last.when : heap[s].when)) s = r;
    if (s == i) break;
    heap[i] = heap[s];
    i = s;
  }
  if (heap_len) heap[i] = last;
  return top;
}

static void set_events(struct conn *c, uint32_t ev) {
  if (c->ev == ev) return;
  c->ev = ev;
  struct epoll_event e = {.events = ev, .data.u32 = (uint32_t)(c - conns)};
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &e);
}

static void resume_listening(void) {
  if (!listening_paused || lfd < 0) return;
  struct epoll_event e = {.events = EPOLLIN, .data.u32 = UINT32_MAX};
  epoll_ctl(epfd, EPOLL_CTL_MOD, lfd, &e);
  listening_paused = 0;
}

static void conn_close(struct conn *c) {
  if (c->state == C_FREE) return;
  if (c->state == C_DELAY || (c->state == C_WRITE && c->t_start)) m.inflight--;
  close(c->fd);
  free(c->in);
  free(c->out.p);
  uint32_t gen = c->gen + 1;
  memset(c, 0, sizeof *c);
  c->gen = gen;
  c->state = C_FREE;
  m.open--;
  resume_listening();
}

static const char *reason(int code) {
  switch (code) {
  case 200: return "OK";
  case 400: return "Bad Request";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 413: return "Content Too Large";
  case 431: return "Request Header Fields Too Large";
  case 500: return "Internal Server Error";
  case 501: return "Not Implemented";
  case 503: return "Service Unavailable";
  case 505: return "HTTP Version Not Supported";
  default: return "Unknown";
  }
}

static void try_write(struct conn *c);

/* queue a whole response on c and start writing it */
static void respond(struct conn *c, int code, const char *ctype, const char *body, size_t blen) {
  if (draining) c->keep_alive = 0;
  if (c->close_after) c->keep_alive = 0;
  struct buf *o = &c->out;
  o->len = 0;
  c->out_off = 0;
  buf_printf(o,
             "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nX-Release: %s\r\nX-Demo-Version: %s\r\nX-Demo-Host: %s\r\n%sConnection: %s\r\n\r\n",
             code, reason(code), ctype, blen, cfg.version, cfg.version, cfg.host, code == 405 ? "Allow: GET, HEAD\r\n" : "",
             c->keep_alive ? "keep-alive" : "close");
  if (!c->head) buf_add(o, body, blen);
  if (c->t_start) observe(c->path, code, now_ns() - c->t_start);
  else observe(P_OTHER, code, 0);
  c->state = C_WRITE;
  try_write(c);
}

static void respond_text(struct conn *c, int code, const char *fmt, ...) {
  char body[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(body, sizeof body, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof body) n = sizeof body - 1;
  respond(c, code, "text/plain; charset=utf-8", body, n);
}

/* a request that cannot be answered in protocol: answer and close */
static void reject(struct conn *c, int code, const char *why) {
  c->keep_alive = 0;
  c->close_after = 2;
  c->t_start = 0;
  c->head = 0;
  respond_text(c, code, "%s\n", why);
}

static void answer_root(struct conn *c) {
  if (cfg.error_ratio > 0 && rnd01() < cfg.error_ratio)
    respond_text(c, 500, "error (DEMO_ERROR_RATIO=%g) %s\n", cfg.error_ratio, cfg.version);
  else
    respond_text(c, 200, "%s\n", cfg.version);
}

static void dispatch(struct conn *c, const char *method, const char *path) {
  int get = !strcmp(method, "GET"), head = !strcmp(method, "HEAD");
  c->head = head;
  c->t_start = now_ns();
  if (!strcmp(path, "/")) c->path = P_ROOT;
  else if (!strcmp(path, "/health")) c->path = P_HEALTH;
  else if (!strcmp(path, "/metrics")) c->path = P_METRICS;
  else c->path = P_OTHER;
  m.inflight++;
  if (!get && !head) { respond_text(c, 405, "method not allowed\n"); return; }
  switch (c->path) {
  case P_ROOT: {
    double ms = cfg.latency_ms;
    if (cfg.jitter_ms > 0) ms += (rnd01() * 2 - 1) * cfg.jitter_ms;
    if (ms > 0) {
      c->state = C_DELAY;
      set_events(c, 0); /* nothing read meanwhile; errors and hang-ups still reported */
      heap_push((struct timer){c->t_start + (int64_t)(ms * 1e6), (int)(c - conns), c->gen});
      return;
    }
    answer_root(c);
    return;
  }
  case P_HEALTH: {
    int fail = cfg.health_fail;
    if (cfg.health_fail_after_s >= 0 && (now_ns() - t_start_ns) / 1e9 >= cfg.health_fail_after_s) fail = 1;
    if (fail) respond_text(c, 500, "unhealthy\n");
    else respond_text(c, 200, "ok\n");
    return;
  }
  case P_METRICS: {
    struct buf b = {0};
    render_metrics(&b);
    respond(c, 200, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len);
    free(b.p);
    return;
  }
  default:
    respond_text(c, 404, "not found\n");
  }
}

static int ieq(const char *a, size_t alen, const char *b) {
  return alen == strlen(b) && !strncasecmp(a, b, alen);
}
static int has_token(const char *v, size_t n, const char *tok) {
  size_t tl = strlen(tok);
  for (size_t i = 0; i + tl <= n; i++)
    if (!strncasecmp(v + i, tok, tl)) return 1;
  return 0;
}
static int is_tchar(int ch) {
  return isalnum(ch) || (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

/* parse one request from c->in if complete; returns bytes consumed, 0 if incomplete,
   -1 if it was rejected (a response to close with is queued) */
static long parse_one(struct conn *c) {
  char *s = c->in;
  size_t n = c->in_len;
  char *end = NULL;
  size_t hlen = 0;
  for (size_t i = 0; i < n && i < HDR_MAX; i++) {
    if (s[i] != '\n') continue;
    if (i + 1 < n && s[i + 1] == '\n') { end = s + i + 2; break; }
    if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') { end = s + i + 3; break; }
  }
  if (!end) {
    if (n >= HDR_MAX) { reject(c, 431, "request header too large"); return -1; }
    return 0;
  }
  hlen = end - s;
  /* request line */
  char *line_end = memchr(s, '\n', hlen);
  size_t ll = line_end - s;
  if (ll && s[ll - 1] == '\r') ll--;
  char line[HDR_MAX];
  memcpy(line, s, ll);
  line[ll] = 0;
  if (memchr(line, 0, ll)) { reject(c, 400, "bad request line"); return -1; }
  char *sp1 = strchr(line, ' ');
  char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
  if (!sp1 || !sp2 || strchr(sp2 + 1, ' ') || sp1 == line || sp2 == sp1 + 1) { reject(c, 400, "bad request line"); return -1; }
  *sp1 = *sp2 = 0;
  const char *method = line, *target = sp1 + 1, *ver = sp2 + 1;
  for (const char *p = method; *p; p++)
    if (!is_tchar((unsigned char)*p)) { reject(c, 400, "bad method"); return -1; }
  if (target[0] != '/') { reject(c, 400, "bad request target"); return -1; }
  for (const char *p = target; *p; p++)
    if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) { reject(c, 400, "bad request target"); return -1; }
  int minor;
  if (!strcmp(ver, "HTTP/1.1")) minor = 1;
  else if (!strcmp(ver, "HTTP/1.0")) minor = 0;
  else if (!strncmp(ver, "HTTP/", 5)) { reject(c, 505, "HTTP/1.0 and HTTP/1.1 only"); return -1; }
  else { reject(c, 400, "bad protocol version"); return -1; }
  int keep = minor == 1;
  long long clen = 0;
  int have_clen = 0;
  /* header fields */
  char *p = line_end + 1;
  while (p < end) {
    char *nl = memchr(p, '\n', end - p);
    size_t fl = nl - p;
    if (fl && p[fl - 1] == '\r') fl--;
    if (fl == 0) break;
    char *colon = memchr(p, ':', fl);
    if (!colon || colon == p) { reject(c, 400, "bad header field"); return -1; }
    for (char *q = p; q < colon; q++)
      if (!is_tchar((unsigned char)*q)) { reject(c, 400, "bad header field name"); return -1; }
    size_t nlen = colon - p;
    char *v = colon + 1;
    size_t vlen = p + fl - v;
    while (vlen && (*v == ' ' || *v == '\t')) v++, vlen--;
    while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t')) vlen--;
    if (ieq(p, nlen, "connection")) {
      if (has_token(v, vlen, "close")) keep = 0;
      else if (has_token(v, vlen, "keep-alive")) keep = 1;
    } else if (ieq(p, nlen, "content-length")) {
      long long x = 0;
      if (!vlen) { reject(c, 400, "bad Content-Length"); return -1; }
      for (size_t i = 0; i < vlen; i++) {
        if (!isdigit((unsigned char)v[i]) || x > BODY_MAX) { reject(c, x > BODY_MAX ? 413 : 400, "bad or too large Content-Length"); return -1; }
        x = x * 10 + (v[i] - '0');
      }
      if (have_clen && x != clen) { reject(c, 400, "conflicting Content-Length"); return -1; }
      if (x > BODY_MAX) { reject(c, 413, "request body too large"); return -1; }
      clen = x;
      have_clen = 1;
    } else if (ieq(p, nlen, "transfer-encoding")) {
      reject(c, 501, "Transfer-Encoding is not supported");
      return -1;
    }
    p = nl + 1;
  }
  c->keep_alive = keep;
  c->body_left = clen;
  char path[HDR_MAX];
  size_t pl = strcspn(target, "?#");
  memcpy(path, target, pl);
  path[pl] = 0;
  /* consume before dispatch: a response written at once may let the next request be read */
  memmove(c->in, c->in + hlen, c->in_len - hlen);
  c->in_len -= hlen;
  c->t_req_begin = 0;
  dispatch(c, method, path);
  return (long)hlen;
}

/* run the requests waiting in c->in while the connection is free to answer */
static void process(struct conn *c) {
  while (c->state == C_READ) {
    if (c->body_left) {
      size_t d = c->body_left < c->in_len ? c->body_left : c->in_len;
      memmove(c->in, c->in + d, c->in_len - d);
      c->in_len -= d;
      c->body_left -= d;
      if (c->body_left) return;
    }
    if (!c->in_len) return;
    if (!c->t_req_begin) c->t_req_begin = now_ns();
    if (parse_one(c) == 0) return;
  }
}

static void write_done(struct conn *c) {
  if (c->t_start) m.inflight--;
  c->t_start = 0;
  c->out.len = c->out_off = 0;
  if (c->close_after == 2) {
    /* closing with unread input would reset the connection and lose the error response:
       half-close, drop what still comes, close at EOF or after LINGER_MS */
    shutdown(c->fd, SHUT_WR);
    c->state = C_LINGER;
    c->in_len = 0;
    c->t_req_begin = now_ns();
    set_events(c, EPOLLIN | EPOLLRDHUP);
    return;
  }
  if (!c->keep_alive) { conn_close(c); return; }
  c->state = C_READ; /* the caller runs what is waiting in c->in (no recursion per request) */
  set_events(c, EPOLLIN | EPOLLRDHUP);
}

static void try_write(struct conn *c) {
  while (c->out_off < c->out.len) {
    ssize_t w = send(c->fd, c->out.p + c->out_off, c->out.len - c->out_off, MSG_NOSIGNAL);
    if (w > 0) { c->out_off += w; c->t_activity = now_ns(); continue; }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { set_events(c, EPOLLOUT); return; }
    conn_close(c);
    return;
  }
  write_done(c);
}

static void on_readable(struct conn *c) {
  if (c->state == C_LINGER) {
    char drop[4096];
    for (;;) {
      ssize_t r = recv(c->fd, drop, sizeof drop, 0);
      if (r > 0) continue;
      if (r < 0 && errno == EINTR) continue;
      if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      conn_close(c);
      return;
    }
  }
  for (;;) {
    if (c->in_len == IN_CAP) break; /* full: process makes room or rejects */
    ssize_t r = recv(c->fd, c->in + c->in_len, IN_CAP - c->in_len, 0);
    if (r > 0) { c->in_len += r; c->t_activity = now_ns(); if (c->state != C_READ) break; continue; }
    if (r == 0) {
      /* peer closed its side: answer nothing more unless a whole request is already here */
      if (!c->close_after) c->close_after = 1;
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    conn_close(c);
    return;
  }
  process(c);
  if (c->state == C_READ && c->close_after) conn_close(c);
}

static void on_accept(void) {
  for (;;) {
    int slot = -1;
    for (int i = 0; i < MAX_CONNS; i++) {
      /* search from the high-water mark down is not needed: the loop is short in practice */
      if (conns[i].state == C_FREE) { slot = i; break; }
    }
    if (slot < 0) goto pause;
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) goto pause;
      return; /* EAGAIN */
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct conn *c = &conns[slot];
    c->fd = fd;
    c->state = C_READ;
    c->in = malloc(IN_CAP);
    if (!c->in) { close(fd); c->state = C_FREE; goto pause; }
    c->t_activity = now_ns();
    if (slot + 1 > conn_hwm) conn_hwm = slot + 1;
    m.accepted++;
    m.open++;
    c->ev = EPOLLIN | EPOLLRDHUP;
    struct epoll_event e = {.events = c->ev, .data.u32 = (uint32_t)slot};
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &e);
  }
pause:
  /* out of slots or descriptors: leave the rest in the backlog until a connection closes */
  if (!listening_paused) {
    struct epoll_event e = {.events = 0, .data.u32 = UINT32_MAX};
    epoll_ctl(epfd, EPOLL_CTL_MOD, lfd, &e);
    listening_paused = 1;
  }
}

static void sweep(int64_t now) {
  for (int i = 0; i < conn_hwm; i++) {
    struct conn *c = &conns[i];
    if (c->state == C_READ) {
      if (c->t_req_begin && now - c->t_req_begin > HEADER_MS * 1000000LL) conn_close(c);
      else if (now - c->t_activity > IDLE_MS * 1000000LL) conn_close(c);
    } else if (c->state == C_LINGER && now - c->t_req_begin > LINGER_MS * 1000000LL) {
      conn_close(c);
    } else if (c->state == C_WRITE && now - c->t_activity > IDLE_MS * 1000000LL) {
      conn_close(c); /* a reader that stopped reading */
    }
  }
  while (conn_hwm > 0 && conns[conn_hwm - 1].state == C_FREE) conn_hwm--;
}

static void start_drain(const char *sig) {
  if (draining) return;
  draining = 1;
  drain_deadline = now_ns() + DRAIN_MAX_MS * 1000000LL;
  if (lfd >= 0) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, lfd, NULL);
    close(lfd);
    lfd = -1;
  }
  int busy = 0;
  for (int i = 0; i < conn_hwm; i++) {
    struct conn *c = &conns[i];
    if (c->state == C_READ && !c->in_len && !c->body_left) conn_close(c);
    else if (c->state != C_FREE) busy++;
  }
  logf_("demo: %s, stopped accepting; finishing %d connection(s)", sig, busy);
}

static int active_conns(void) {
  int n = 0;
  for (int i = 0; i < conn_hwm; i++) n += conns[i].state != C_FREE;
  return n;
}

/* ------------------------------------------------------------------ healthcheck client */
static int healthcheck(const char *url) {
  char def[64];
  if (!url) {
    const char *p = getenv("PORT");
    snprintf(def, sizeof def, "http://127.0.0.1:%s/health", p && *p ? p : "8080");
    url = def;
  }
  if (strncmp(url, "http://", 7)) { fprintf(stderr, "healthcheck: only http:// URLs\n"); return 2; }
  const char *h = url + 7, *slash = strchr(h, '/');
  char hostport[256], host[256];
  size_t hl = slash ? (size_t)(slash - h) : strlen(h);
  if (hl >= sizeof hostport) return 2;
  memcpy(hostport, h, hl);
  hostport[hl] = 0;
  const char *path = slash ? slash : "/";
  int port = 80;
  char *colon = strrchr(hostport, ':');
  if (colon) { port = atoi(colon + 1); *colon = 0; }
  snprintf(host, sizeof host, "%s", strcmp(hostport, "localhost") ? hostport : "127.0.0.1");
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  if (inet_pton(AF_INET, host, &a.sin_addr) != 1) { fprintf(stderr, "healthcheck: %s: an IPv4 address please\n", host); return 2; }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return 1;
  int64_t deadline = now_ns() + 2000000000LL;
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS) { perror("healthcheck: connect"); return 1; }
  char req[1024];
  int rl = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: demo-healthcheck\r\nConnection: close\r\n\r\n", path, hostport);
  size_t sent = 0;
  char resp[64];
  size_t got = 0;
  while (got < 12) {
    int64_t left = (deadline - now_ns()) / 1000000;
    if (left <= 0) { fprintf(stderr, "healthcheck: timeout\n"); return 1; }
    struct pollfd pf = {.fd = fd, .events = sent < (size_t)rl ? POLLOUT : POLLIN};
    if (poll(&pf, 1, (int)left) <= 0) continue;
    if (sent < (size_t)rl) {
      ssize_t w = send(fd, req + sent, rl - sent, MSG_NOSIGNAL);
      if (w < 0 && errno != EAGAIN) { perror("healthcheck: send"); return 1; }
      if (w > 0) sent += w;
    } else {
      ssize_t r = recv(fd, resp + got, sizeof resp - 1 - got, 0);
      if (r == 0) break;
      if (r < 0 && errno != EAGAIN) { perror("healthcheck: recv"); return 1; }
      if (r > 0) got += r;
    }
  }
  close(fd);
  resp[got] = 0;
  int code = 0;
  if (sscanf(resp, "HTTP/1.%*d %d", &code) != 1) { fprintf(stderr, "healthcheck: no HTTP answer\n"); return 1; }
  if (code < 200 || code > 299) { fprintf(stderr, "healthcheck: HTTP %d\n", code); return 1; }
  return 0;
}

/* ------------------------------------------------------------------ main loop */
static void on_timer(struct timer t) {
  struct conn *c = &conns[t.slot];
  if (c->state != C_DELAY || c->gen != t.gen) return; /* the connection went away */
  c->state = C_READ; /* respond() moves it to C_WRITE */
  answer_root(c);
  if (c->state == C_READ) on_readable(c); /* answered at once: pipelined requests next */
}

static void on_signal(int sig) { (void)sig; }

int main(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "healthcheck")) return healthcheck(argc >= 3 ? argv[2] : NULL);
  /* `/app getenv NAME`: the image has no shell; this lets `rollwatch exec` tests read the environment */
  if (argc >= 3 && !strcmp(argv[1], "getenv")) { const char *v = getenv(argv[2]); if (!v) return 1; puts(v); return 0; }
  if (argc >= 2) { fprintf(stderr, "usage: %s [healthcheck [URL]]\n", argv[0]); return 2; }

  setvbuf(stderr, NULL, _IONBF, 0);
  load_config();
  if (getrandom(&rng_state, sizeof rng_state, 0) != sizeof rng_state) rng_state = (uint64_t)now_ns() ^ getpid();
  rng_state |= 1;

  /* signals arrive on a signalfd; no-op handlers as well, so that as PID 1 of a container
     (where default dispositions are ignored) they are never dropped */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGCHLD);
  struct sigaction sa = {.sa_handler = SIG_IGN};
  sigaction(SIGPIPE, &sa, NULL);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGCHLD, &sa, NULL);
  sigprocmask(SIG_BLOCK, &set, NULL);

  if (cfg.crash) { logf_("demo: DEMO_CRASH=1, exiting"); return 3; }
  if (cfg.start_delay_s > 0) {
    struct timespec ts = {.tv_sec = (time_t)cfg.start_delay_s, .tv_nsec = (long)((cfg.start_delay_s - (time_t)cfg.start_delay_s) * 1e9)};
    int64_t until = now_ns() + (int64_t)(cfg.start_delay_s * 1e9);
    logf_("demo: DEMO_START_DELAY=%g, waiting before opening the port", cfg.start_delay_s);
    for (;;) {
      int s = sigtimedwait(&set, NULL, &ts);
      if (s == SIGTERM || s == SIGINT) { logf_("demo: signal during start delay, exiting"); return 0; }
      if (s == SIGCHLD) while (waitpid(-1, NULL, WNOHANG) > 0) {}
      int64_t left = until - now_ns();
      if (left <= 0) break;
      ts.tv_sec = left / 1000000000LL;
      ts.tv_nsec = left % 1000000000LL;
    }
  }

  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max > MAX_CONNS + 64 ? MAX_CONNS + 64 : rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(cfg.port), .sin_addr.s_addr = htonl(INADDR_ANY)};
  if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) { logf_("demo: bind :%d: %s", cfg.port, strerror(errno)); return 1; }
  if (listen(lfd, 4096) < 0) { logf_("demo: listen: %s", strerror(errno)); return 1; }
  epfd = epoll_create1(EPOLL_CLOEXEC);
  int sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  struct epoll_event e = {.events = EPOLLIN, .data.u32 = UINT32_MAX};
  epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &e);
  e.data.u32 = UINT32_MAX - 1;
  epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &e);
  t_start_ns = now_ns();
  struct timespec rt;
  clock_gettime(CLOCK_REALTIME, &rt);
  m.start_unix = rt.tv_sec + rt.tv_nsec / 1e9;
  int64_t crash_at = cfg.crash_after_s >= 0 ? t_start_ns + (int64_t)(cfg.crash_after_s * 1e9) : INT64_MAX;
  logf_("demo %s listening on :%d (latency %g ms ± %g, error ratio %g)", cfg.version_raw, cfg.port, cfg.latency_ms, cfg.jitter_ms, cfg.error_ratio);

  int64_t next_sweep = t_start_ns + 1000000000LL;
  int use_pwait2 = 1;
  struct epoll_event evs[MAX_EVENTS];
  for (;;) {
    int64_t now = now_ns();
    if (now >= crash_at) { logf_("demo: DEMO_CRASH_AFTER=%g, crashing", cfg.crash_after_s); return 4; }
    while (heap_len && heap[0].when <= now) on_timer(heap_pop());
    if (now >= next_sweep) { sweep(now); next_sweep = now + 1000000000LL; }
    if (draining && (active_conns() == 0 || now >= drain_deadline)) {
      int left = active_conns();
      if (left) logf_("demo: drain time over, cutting %d connection(s)", left);
      logf_("demo: stopped");
      return 0;
    }
    int64_t wake = next_sweep;
    if (heap_len && heap[0].when < wake) wake = heap[0].when;
    if (crash_at < wake) wake = crash_at;
    if (draining && drain_deadline < wake) wake = drain_deadline;
    int64_t wait = wake - now_ns();
    if (wait < 0) wait = 0;
    int n;
    if (use_pwait2) {
      struct timespec ts = {.tv_sec = wait / 1000000000LL, .tv_nsec = wait % 1000000000LL};
      n = epoll_pwait2(epfd, evs, MAX_EVENTS, &ts, NULL);
      if (n < 0 && errno == ENOSYS) { use_pwait2 = 0; continue; }
    } else {
      n = epoll_wait(epfd, evs, MAX_EVENTS, (int)((wait + 999999) / 1000000));
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      logf_("demo: epoll: %s", strerror(errno));
      return 1;
    }
    for (int i = 0; i < n; i++) {
      uint32_t id = evs[i].data.u32;
      if (id == UINT32_MAX) { if (lfd >= 0) on_accept(); continue; }
      if (id == UINT32_MAX - 1) {
        struct signalfd_siginfo si;
        while (read(sfd, &si, sizeof si) == sizeof si) {
          if (si.ssi_signo == SIGCHLD) { while (waitpid(-1, NULL, WNOHANG) > 0) {} }
          else start_drain(si.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
        }
        continue;
      }
      struct conn *c = &conns[id];
      if (c->state == C_FREE) continue;
      uint32_t ev = evs[i].events;
      if (ev & (EPOLLERR | EPOLLHUP)) { conn_close(c); continue; }
      if (c->state == C_WRITE && (ev & EPOLLOUT)) {
        try_write(c);
        if (c->state == C_READ) on_readable(c);
        continue;
      }
      if (ev & (EPOLLIN | EPOLLRDHUP)) on_readable(c);
    }
  }
}
