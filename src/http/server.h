#pragma once
// The HTTP server: Boost.Beast with C++20 coroutines. I/O runs on a small pool of threads; every
// handler runs on a bounded worker pool (handlers do blocking store work and must never run on
// the I/O threads). Each connection is one coroutine: read (header limit, body limit checked
// against Content-Length before the body is read, time-outs) → handler → write → keep-alive.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/live.h"
#include "http/metrics.h"
#include "http/router.h"

namespace lakeguard::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = an ephemeral port (see Server::port())
  int io_threads = 1;
  int worker_threads = 4;
  size_t body_limit = 8 * 1024 * 1024;  // bytes; larger bodies get 413 and the connection closes
  size_t header_limit = 16 * 1024;
  int read_timeout_s = 30;
  int idle_timeout_s = 60;
  int write_timeout_s = 30;
  size_t max_requests_per_connection = 10000;
};

// What an upgrade request is granted: the subscriber's filter, whose credential it rides on, and
// a summary of its rights (role, scope, read-only) to notice a change when re-checked.
struct LiveGrant {
  EventFilter filter;
  LiveIdentity identity;
  std::string rights;
};

// The WebSocket endpoint for live updates (API-CONVENTIONS.md "Live updates").
struct LiveEndpoint {
  std::string path = "/api/v1/live";
  LiveHub* hub = nullptr;  // not owned; outlives the server
  // Runs on the worker pool for each upgrade request, and again every `recheck_s` while the
  // connection lasts: the grant, or the error to answer with instead of upgrading (401, 403).
  // A connection whose re-check fails or whose rights changed is closed; one whose credential
  // expires is closed at that moment. (Changes made through this instance also end connections at
  // once, through LiveHub::end_if.)
  std::function<Result<LiveGrant>(Request&)> authorize;
  int heartbeat_s = 30;
  int recheck_s = 30;
  size_t max_connections = 1000;  // beyond this, upgrades get 429
};

class Server {
 public:
  // `fallback` handles requests no route matches (e.g. the console's static files); may be null.
  Server(ServerOptions opts, const Router& router, Metrics& metrics, Handler fallback = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Serves live updates at live.path; call before start().
  void set_live(LiveEndpoint live);
  // Binds and starts accepting. Throws on bind failure. Returns the bound port.
  uint16_t start();
  uint16_t port() const { return port_; }
  // Blocks until stop() is called (e.g. from a signal handler thread) and in-flight requests end.
  void wait();
  // Stops accepting, lets in-flight requests finish (up to `grace_s`), then stops the threads.
  // Thread-safe; idempotent.
  void stop(int grace_s = 10);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

// Runs a handler with the server's exception discipline: an escaping exception becomes a 500
// `internal` error carrying the request id (logged, no internals in the message).
Response invoke_handler(const Handler& h, Request& req);

// Parses "a=1&b=%E8%A5%BF" into decoded pairs; returns false on malformed percent-encoding.
bool parse_query(std::string_view q, std::vector<std::pair<std::string, std::string>>* out);

}  // namespace lakeguard::http
