#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/websocket.hpp>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <list>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "http/messages.h"

namespace lakeguard::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

Method to_method(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool percent_decode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int h = hex_value(in[i + 1]), l = hex_value(in[i + 2]);
      if (h < 0 || l < 0) return false;
      out->push_back(static_cast<char>(h * 16 + l));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool valid_request_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// uri-host [":" port] (RFC 3986 §3.2.2: reg-name, IPv4 or a bracketed IP literal).
bool valid_authority(std::string_view a) {
  static constexpr std::string_view kExtra = "-._~%!$&'()*+,;=:[]";
  for (char c : a)
    if (!std::isalnum(static_cast<unsigned char>(c)) && kExtra.find(c) == std::string_view::npos)
      return false;
  return true;
}

// The request target (RFC 9112 §3.2): origin-form "/p?q", absolute-form "http://host/p?q" (its
// path routes the request, its authority stands for Host), or asterisk-form "*". Anything else
// (authority-form, other schemes, user information, an empty host) is nullopt.
struct Target {
  bool asterisk = false;
  std::optional<std::string_view> authority;  // absolute-form only
  std::string_view path;                      // still percent-encoded
  std::optional<std::string_view> query;
};

std::optional<Target> parse_target(std::string_view t) {
  Target out;
  if (t == "*") {
    out.asterisk = true;
    return out;
  }
  if (!t.starts_with('/')) {
    size_t colon = t.find("://");
    if (colon == std::string_view::npos) return std::nullopt;
    std::string scheme = lower(t.substr(0, colon));
    if (scheme != "http" && scheme != "https") return std::nullopt;
    std::string_view rest = t.substr(colon + 3);
    size_t end = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, end);
    // RFC 9110 §4.2.1: an http URI has a host; §4.2.4: userinfo is an error.
    if (authority.empty() || !valid_authority(authority) ||
        authority.find('@') != std::string_view::npos)
      return std::nullopt;
    out.authority = authority;
    t = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    if (t.empty() || t.front() == '?') {
      out.path = "/";
      if (!t.empty()) out.query = t.substr(1);
      return out;
    }
  }
  size_t qpos = t.find('?');
  out.path = t.substr(0, qpos);
  if (qpos != std::string_view::npos) out.query = t.substr(qpos + 1);
  return out;
}

// The decoded path, canonical: no control character (NUL would cut strings short further down),
// and runs of '/' collapsed to one — a path "//api/…" must not become a Location "//api/…", which
// a browser reads as another host.
bool decode_path(std::string_view raw, std::string* out) {
  if (!percent_decode(raw, false, out)) return false;
  size_t w = 0;
  for (char c : *out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    if (c == '/' && w > 0 && (*out)[w - 1] == '/') continue;
    (*out)[w++] = c;
  }
  out->resize(w);
  return true;
}

// RFC 9112 §6.1, §6.3: a body is framed by one Content-Length or by chunked as the last transfer
// coding — never both (a proxy and this server could disagree on where the request ends: request
// smuggling). Beast already refused malformed or differing Content-Lengths, Transfer-Encoding
// after Content-Length and a repeated chunked (header read errors); this refuses the rest.
std::optional<Error> framing_refusal(const bhttp::fields& h, unsigned version) {
  auto [first, last] = h.equal_range(bhttp::field::transfer_encoding);
  if (first == last) return std::nullopt;
  if (h.count(bhttp::field::content_length))
    return Error::bad_request("Transfer-Encoding and Content-Length may not be sent together.",
                              "Transfer-Encoding");
  if (version < 11)
    return Error::bad_request("HTTP/1.0 requests may not use Transfer-Encoding.",
                              "Transfer-Encoding");
  std::vector<std::string> codings;
  for (auto it = first; it != last; ++it) {
    std::string_view v = it->value();
    while (!v.empty()) {
      size_t comma = v.find(',');
      std::string_view item = v.substr(0, comma);
      v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
      item = trim_ows(item.substr(0, item.find(';')));  // a coding's parameters do not matter
      if (!item.empty()) codings.push_back(lower(item));
    }
  }
  if (codings.empty() || codings.back() != "chunked")
    return Error::bad_request("The last Transfer-Encoding must be chunked.", "Transfer-Encoding");
  if (std::count(codings.begin(), codings.end(), "chunked") > 1)
    return Error::bad_request("The request is chunked more than once.", "Transfer-Encoding");
  if (codings.size() > 1)
    return Error{ErrorCode::kNotImplemented,
                 "Only the chunked transfer coding is supported; send the body uncompressed.",
                 "Transfer-Encoding"};
  return std::nullopt;
}

// RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host, a valid authority (or empty).
std::optional<Error> host_refusal(const bhttp::fields& h, unsigned version) {
  size_t n = h.count(bhttp::field::host);
  if (n > 1) return Error::bad_request("A request has one Host header.", "Host");
  if (n == 0) {
    if (version >= 11)
      return Error::bad_request("An HTTP/1.1 request must have a Host header.", "Host");
    return std::nullopt;
  }
  if (!valid_authority(h[bhttp::field::host]))
    return Error::bad_request("The Host header is not a valid host name.", "Host");
  return std::nullopt;
}

// A Beast header read error that is a framing fault (answered 400, then the connection closes).
std::optional<Error> header_read_refusal(const boost::system::error_code& ec) {
  if (ec == bhttp::error::bad_content_length)
    return Error::bad_request(
        "Content-Length must be one whole number, and is not sent with Transfer-Encoding.",
        "Content-Length");
  if (ec == bhttp::error::multiple_content_length)
    return Error::bad_request("The request has Content-Length values that differ.",
                              "Content-Length");
  if (ec == bhttp::error::bad_transfer_encoding)
    return Error::bad_request("Transfer-Encoding may be sent once, and not with Content-Length.",
                              "Transfer-Encoding");
  return std::nullopt;
}

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

bool parse_query(std::string_view q, std::vector<std::pair<std::string, std::string>>* out) {
  size_t i = 0;
  while (i <= q.size() && !q.empty()) {
    size_t amp = q.find('&', i);
    if (amp == std::string_view::npos) amp = q.size();
    std::string_view part = q.substr(i, amp - i);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string k, v;
      if (!percent_decode(part.substr(0, eq), true, &k)) return false;
      if (eq != std::string_view::npos && !percent_decode(part.substr(eq + 1), true, &v))
        return false;
      out->emplace_back(std::move(k), std::move(v));
    }
    if (amp == q.size()) break;
    i = amp + 1;
  }
  return true;
}

Response invoke_handler(const Handler& h, Request& req) {
  try {
    return h(req);
  } catch (const std::exception& e) {
    spdlog::error("rid={} unhandled exception in {} {}: {}", req.request_id,
                  method_name(req.method), req.path, e.what());
  } catch (...) {
    spdlog::error("rid={} unhandled non-standard exception in {} {}", req.request_id,
                  method_name(req.method), req.path);
  }
  return error_response(
      Error{ErrorCode::kInternal, "An internal error occurred; quote the request id.", ""},
      req.request_id);
}

struct Server::Impl {
  ServerOptions opts;
  const Router& router;
  Metrics& metrics;
  Handler fallback;
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::string id_prefix;
  std::atomic<uint64_t> next_id{1};

  std::mutex mu;  // guards everything below
  std::condition_variable cv;
  bool stopping = false;
  bool stopped = false;
  int busy = 0;  // requests between "read complete" and "response written"
  struct Conn {
    beast::tcp_stream* stream;
    bool busy;
  };
  std::list<Conn> conns;
  std::optional<LiveEndpoint> live;
  std::atomic<size_t> live_count{0};

  Impl(ServerOptions o, const Router& r, Metrics& m, Handler fb)
      : opts(std::move(o)),
        router(r),
        metrics(m),
        fallback(std::move(fb)),
        ioc(opts.io_threads),
        workers(static_cast<size_t>(opts.worker_threads)),
        acceptor(ioc) {
    std::random_device rd;
    id_prefix = fmt::format("{:06x}", rd() & 0xffffff);
  }

  std::string new_request_id() {
    return fmt::format("{}-{:x}", id_prefix, next_id.fetch_add(1, std::memory_order_relaxed));
  }

  // Routes with a fast handler may answer without the hop to the worker pool (two thread
  // switches per request, the largest cost of a cached read).
  std::optional<Response> try_fast(const Route* route, Request& req) {
    if (!route || !route->fast) return std::nullopt;
    try {
      return route->fast(req);
    } catch (const std::exception& e) {
      spdlog::warn("rid={} fast path failed, using the worker pool: {}", req.request_id, e.what());
      return std::nullopt;
    }
  }

  // The answer to a request no route takes, or nullopt for the fallback handler.
  std::optional<Error> unrouted(bool path_matched, const Request& req) const {
    if (path_matched) return Error::bad_request("This method is not allowed on this path.");
    bool is_api = req.path.rfind("/api/", 0) == 0 || req.path == "/api";
    if (!is_api && fallback) return std::nullopt;
    return Error::not_found("No such endpoint.");
  }

  // `route` and `path_matched` come from one Router::match on the I/O thread.
  Response dispatch(const Route* route, bool path_matched, Request& req) {
    if (route) return invoke_handler(route->handler, req);
    if (auto e = unrouted(path_matched, req)) return error_response(*e, req.request_id);
    return invoke_handler(fallback, req);
  }

  // Fills req from the request header: method, the canonical decoded path and query (from any
  // of the target forms), the headers (lower-case names; an absolute-form target's authority
  // replaces Host, RFC 9112 §3.2.2). Returns what makes the request invalid (400), if anything.
  std::optional<Error> take_head(const bhttp::request_header<>& head, Request& req,
                                 bool* asterisk_form) {
    req.method = to_method(head.method());
    for (const auto& f : head) {
      std::string name = lower(f.name_string());
      auto [it, inserted] = req.headers.emplace(name, std::string(f.value()));
      if (!inserted) it->second += (name == "cookie" ? "; " : ", ") + std::string(f.value());
    }
    auto host = host_refusal(head, head.version());
    auto target = parse_target(head.target());
    if (!target) {
      req.path = "-";  // for the log line
      return Error::bad_request("The URL is malformed.");
    }
    if (target->asterisk) {
      req.path = "*";
      if (req.method != Method::kOptions)
        return Error::bad_request("The request target '*' is for OPTIONS only.");
      *asterisk_form = true;
      return host;
    }
    if (target->authority) req.headers["host"] = std::string(*target->authority);
    if (!decode_path(target->path, &req.path) ||
        (target->query && !parse_query(*target->query, &req.query)))
      return Error::bad_request("The URL is malformed.");
    return host;
  }

  // For a request expecting 100-continue: the refusal its headers already decide (no route, a
  // method the path does not take, the route's own header check such as missing credentials).
  // I/O thread.
  std::optional<Error> refusal_before_body(Request& req) {
    if (live && req.path == live->path) return std::nullopt;  // an upgrade has no body
    bool path_matched = false;
    const Route* route = router.match(req, &path_matched);
    if (!route) return unrouted(path_matched, req);
    if (!route->before_body) return std::nullopt;
    try {
      return route->before_body(req);
    } catch (const std::exception& e) {
      spdlog::warn("rid={} header check failed, reading the body: {}", req.request_id, e.what());
      return std::nullopt;
    }
  }

  // `OPTIONS *` (RFC 9110 §9.3.7): the methods the server's routes take.
  Response options_asterisk() const {
    std::string allow;
    for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                     Method::kDelete}) {
      bool used = std::any_of(router.routes().begin(), router.routes().end(), [&](const Route& r) {
        return r.method == m || (m == Method::kHead && r.method == Method::kGet);
      });
      if (!used) continue;
      if (!allow.empty()) allow += ", ";
      allow += method_name(m);
    }
    Response r = Response::no_content();
    r.headers.emplace_back("Allow", std::move(allow));
    return r;
  }

  template <class Message>
  void fill_header(Message& out, const Response& res, const Request* req, bool keep_alive) {
    out.set(bhttp::field::server, "lakeguard");
    if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);
    out.set("X-Content-Type-Options", "nosniff");
    if (req) out.set("X-Request-Id", req->request_id);
    for (auto& [k, v] : res.headers) out.insert(k, v);
    out.keep_alive(keep_alive && !res.close_connection);
  }

  asio::awaitable<void> write(beast::tcp_stream& stream, Response res, const Request* req,
                              bool keep_alive, bool head) {
    stream.expires_after(std::chrono::seconds(opts.write_timeout_s));
    // Error messages in the language the request prefers (cached bodies are 200s: untouched).
    if (req) localize_response(res, req->header("accept-language"));
    if (res.shared_head && res.shared_body) {
      // A cached response: its head was rendered once; only the request id and the connection
      // header are added here, and head, those lines and body go out in one gathered write.
      std::shared_ptr<const std::string> pre = res.shared_head, body = res.shared_body;
      std::array<char, 128> tail_buf;
      size_t tail_len = 0;
      auto put = [&](std::string_view s) {
        size_t n = std::min(s.size(), tail_buf.size() - tail_len);
        std::memcpy(tail_buf.data() + tail_len, s.data(), n);
        tail_len += n;
      };
      if (req) {  // request ids are at most 64 characters (valid_request_id / new_request_id)
        put("X-Request-Id: ");
        put(req->request_id);
        put("\r\n");
      }
      if (!keep_alive || res.close_connection) put("Connection: close\r\n");
      put("\r\n");
      std::array<asio::const_buffer, 3> bufs{asio::buffer(*pre),
                                             asio::buffer(tail_buf.data(), tail_len),
                                             head ? asio::const_buffer() : asio::buffer(*body)};
      co_await asio::async_write(stream, bufs, kTuple);
      co_return;
    }
    if (res.shared_body) {
      // A cached body is sent from the shared buffer, without a copy.
      std::shared_ptr<const std::string> body = res.shared_body;
      bhttp::response<bhttp::span_body<const char>> out{static_cast<bhttp::status>(res.status), 11};
      fill_header(out, res, req, keep_alive);
      if (!head) out.body() = boost::span<const char>(body->data(), body->size());
      out.content_length(body->size());
      co_await bhttp::async_write(stream, out, kTuple);
      co_return;
    }
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), 11};
    fill_header(out, res, req, keep_alive);
    size_t len = res.body.size();
    if (!head) out.body() = std::move(res.body);
    out.content_length(len);
    co_await bhttp::async_write(stream, out, kTuple);
  }

  // Checks an upgrade to the live endpoint: same origin (a browser on another site must not
  // ride on the user's cookie: cross-site WebSocket hijacking), the connection limit, then the
  // caller (authorize). Runs on the worker pool.
  Result<LiveGrant> authorize_live(Request& req) {
    std::string_view origin = req.header("origin");
    if (!origin.empty()) {
      size_t scheme = origin.find("://");
      std::string_view authority =
          scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
      if (authority != req.header("host"))
        return Error{ErrorCode::kForbidden, "Live updates are served to pages of this site only.",
                     "Origin"};
    }
    if (live_count.load() >= live->max_connections)
      return Error{ErrorCode::kRateLimited, "Too many live connections; retry later.", ""};
    return live->authorize(req);
  }

  // One live-updates connection: the reader feeds the client's messages to the subscription, the
  // writer sends what it queues (and a heartbeat when idle). One write in flight; both run on
  // the connection's executor, so the wake-up posted by publishers cannot be lost between the
  // writer's take() and its wait.
  // The grant again, on the worker pool (nullopt when the check itself failed).
  asio::awaitable<std::optional<Result<LiveGrant>>> recheck_live(Request& req) {
    co_return co_await asio::co_spawn(
        workers,
        [this, &req]() -> asio::awaitable<std::optional<Result<LiveGrant>>> {
          try {
            co_return live->authorize(req);
          } catch (const std::exception& e) {
            spdlog::warn("rid={} live re-check failed: {}", req.request_id, e.what());
            co_return std::nullopt;
          }
        },
        asio::use_awaitable);
  }

  asio::awaitable<void> live_session(beast::tcp_stream stream,
                                     bhttp::request<bhttp::string_body> upgrade_req,
                                     LiveGrant grant, Request& req,
                                     std::list<Conn>::iterator self) {
    const std::string& request_id = req.request_id;
    namespace websocket = beast::websocket;
    websocket::stream<beast::tcp_stream> ws(std::move(stream));
    {
      std::lock_guard lk(mu);
      self->stream = &ws.next_layer();  // stop() cancels it like an idle connection
    }
    // …until ws goes (declared after ws, so it runs first): stop() may run on another I/O thread.
    struct Detach {
      Impl& impl;
      std::list<Conn>::iterator conn;
      ~Detach() {
        std::lock_guard lk(impl.mu);
        conn->stream = nullptr;
      }
    } detach{*this, self};
    live_count.fetch_add(1);
    struct Count {
      std::atomic<size_t>& n;
      ~Count() { n.fetch_sub(1); }
    } count{live_count};
    beast::get_lowest_layer(ws).expires_never();
    // Beast closes a connection that receives nothing for idle_timeout (300 s); clients only
    // listen, so the server pings at half of it and the browser's automatic pong keeps it open.
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.keep_alive_pings = true;
    ws.set_option(timeouts);
    ws.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& r) { r.set(bhttp::field::server, "lakeguard"); }));
    ws.read_message_max(live->hub->limits().max_message_bytes);
    auto [aec] = co_await ws.async_accept(upgrade_req, kTuple);
    if (aec) co_return;
    auto exec = co_await asio::this_coro::executor;
    auto wake = std::make_shared<asio::steady_timer>(exec);
    std::weak_ptr<asio::steady_timer> weak = wake;
    // The credential's expiry as a steady-clock deadline (the system clock may be set meanwhile).
    std::optional<Clock::time_point> expires;
    if (grant.identity.expires_at_ms) {
      int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      expires = Clock::now() + std::chrono::milliseconds(*grant.identity.expires_at_ms - now_ms);
    }
    const std::string rights = grant.rights;
    auto sub = live->hub->subscribe(
        std::move(grant.filter),
        [weak, exec] {
          asio::post(exec, [weak] {
            if (auto t = weak.lock()) t->cancel();
          });
        },
        request_id, upgrade_req[bhttp::field::accept_language], std::move(grant.identity));
    bool reading = true;
    auto reader = [&]() -> asio::awaitable<void> {
      beast::flat_buffer in;
      for (;;) {
        in.clear();
        auto [ec, n] = co_await ws.async_read(in, kTuple);
        if (ec) break;
        if (ws.got_text())
          sub->on_client_message(beast::buffers_to_string(in.data()));
        else
          sub->on_client_message("");  // binary frames are not messages: answered with an error
      }
      reading = false;
      wake->cancel();
    };
    auto writer = [&]() -> asio::awaitable<void> {
      auto heartbeat = std::chrono::seconds(live->heartbeat_s);
      auto recheck = std::chrono::seconds(live->recheck_s);
      auto next_beat = Clock::now() + heartbeat;
      auto next_check = Clock::now() + recheck;
      while (reading) {
        auto out = sub->take();
        for (const auto& m : out) {
          ws.text(true);
          auto [ec, n] = co_await ws.async_write(asio::buffer(*m), kTuple);
          if (ec) {
            boost::system::error_code ignored;
            beast::get_lowest_layer(ws).socket().close(ignored);  // ends the reader too
            co_return;
          }
        }
        if (sub->ended()) {
          // The rights it was opened with are gone: say so in the close frame too (1008 policy
          // violation), then the reader ends with the closing handshake.
          co_await ws.async_close(beast::websocket::close_reason(
                                      beast::websocket::close_code::policy_error, "session ended"),
                                  kTuple);
          boost::system::error_code ignored;
          beast::get_lowest_layer(ws).socket().close(ignored);
          co_return;
        }
        if (!out.empty()) {
          next_beat = Clock::now() + heartbeat;
          continue;
        }
        auto now = Clock::now();
        if (expires && now >= *expires) {
          sub->end("expired");
          continue;
        }
        if (now >= next_check) {
          next_check = now + recheck;
          auto again = co_await recheck_live(req);
          if (again && (!*again || (*again)->rights != rights))
            sub->end(!*again ? "session_ended" : "rights_changed");
          continue;
        }
        if (now >= next_beat) {
          sub->heartbeat();
          continue;
        }
        auto until = std::min(next_beat, next_check);
        if (expires) until = std::min(until, *expires);
        wake->expires_at(until);
        co_await wake->async_wait(kTuple);  // a timeout or a wake-up: look again
      }
    };
    using namespace asio::experimental::awaitable_operators;
    co_await (reader() && writer());
  }

  // After refusing a body the client is still sending, closing at once would make the kernel
  // answer the unread bytes with a reset that can destroy our 413 before the client reads it.
  // So: stop sending, then read and discard for a bounded time and amount, then close.
  asio::awaitable<void> lingering_close(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 16384> sink;
    size_t total = 0;
    auto deadline = Clock::now() + std::chrono::seconds(2);
    while (total < 64 * 1024 * 1024 && Clock::now() < deadline) {
      stream.expires_at(deadline);
      auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
      if (rec) break;
      total += n;
    }
  }

  asio::awaitable<void> session(tcp::socket sock) {
    beast::tcp_stream stream(std::move(sock));
    std::string client;
    {
      boost::system::error_code ec;
      auto ep = stream.socket().remote_endpoint(ec);
      if (!ec) client = ep.address().to_string();
    }
    std::list<Conn>::iterator self;
    {
      std::lock_guard lk(mu);
      if (stopping) co_return;
      self = conns.insert(conns.end(), Conn{&stream, false});
    }
    metrics.connection_opened();
    bool upgraded = false;  // the stream now belongs to a live session (moved)
    beast::flat_buffer buf;
    for (size_t n = 0; n < opts.max_requests_per_connection; ++n) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(opts.header_limit));
      // No body limit while reading the header (Beast would fail the header read itself); the
      // Content-Length check below answers 413, then the limit guards chunked bodies.
      parser.body_limit(boost::none);
      stream.expires_after(
          std::chrono::seconds(n == 0 ? opts.read_timeout_s : opts.idle_timeout_s));
      auto [ec, nread] = co_await bhttp::async_read_header(stream, buf, parser, kTuple);
      if (ec) {
        auto framing = header_read_refusal(ec);
        if (framing || ec == bhttp::error::header_limit || ec == bhttp::error::bad_target ||
            ec == bhttp::error::bad_method || ec == bhttp::error::bad_field ||
            ec == bhttp::error::bad_version || ec == bhttp::error::bad_value) {
          Request dummy;
          dummy.request_id = new_request_id();
          dummy.headers.emplace("accept-language", parser.get()[bhttp::field::accept_language]);
          spdlog::info("rid={} client={} malformed request: {}", dummy.request_id, client,
                       ec.message());
          auto r = error_response(
              framing ? *framing : Error::bad_request("The HTTP request is malformed."),
              dummy.request_id);
          metrics.observe(400, 0);
          co_await write(stream, std::move(r), &dummy, false, false);
          // A body may follow that cannot be framed: read it away, so the answer is not reset.
          if (framing) co_await lingering_close(stream);
        }
        break;
      }
      auto t0 = Clock::now();
      Request req;
      const auto& head = parser.get();
      {
        auto id = head["X-Request-Id"];
        req.request_id = valid_request_id(id) ? std::string(id) : new_request_id();
      }
      req.client_address = client;
      // The request as far as its header tells (method, canonical path, query, headers), and
      // what makes it invalid (a bad target or Host: answered after the body, like any 400).
      bool asterisk_form = false;
      std::optional<Error> invalid = take_head(head, req, &asterisk_form);
      // What is refused before the body is read: the answer is sent at once and the connection
      // closes (the body, unread or not framed, cannot be skipped reliably).
      std::optional<Error> refusal = framing_refusal(head, head.version());
      // The body limit is checked against Content-Length before the body is read
      // (API-CONVENTIONS.md, 413); chunked bodies are cut by the parser's body_limit.
      if (auto cl = parser.content_length(); !refusal && cl && *cl > opts.body_limit)
        refusal = Error{
            ErrorCode::kPayloadTooLarge,
            fmt::format("The request body is larger than the limit of {} bytes.", opts.body_limit),
            ""};
      // RFC 9110 §10.1.1: a client sending `Expect: 100-continue` waits (curl: 1 s) for a 100
      // before the body. Answer it at once, or the final refusal when the headers already decide
      // it. HTTP/1.0 requests' expectations are ignored; a request without a body needs no 100.
      bool send_continue = false;
      if (!refusal && head.version() >= 11 && head.count(bhttp::field::expect)) {
        std::string expect = lower(trim_ows(head[bhttp::field::expect]));
        if (!expect.empty() && expect != "100-continue")
          refusal = Error{ErrorCode::kExpectationFailed,
                          "Only 'Expect: 100-continue' is supported.", "Expect"};
        else if (!expect.empty() && !parser.is_done()) {
          refusal = invalid ? invalid : refusal_before_body(req);
          send_continue = !refusal;
        }
      }
      if (refusal) {
        int status = status_for(refusal->code);
        metrics.observe(status, 0);
        spdlog::info("rid={} client={} {} {} {} before the body: {}", req.request_id, client,
                     method_name(req.method), req.path, status, refusal->message);
        co_await write(stream, error_response(*refusal, req.request_id), &req, false, false);
        co_await lingering_close(stream);
        break;
      }
      if (send_continue) {
        stream.expires_after(std::chrono::seconds(opts.write_timeout_s));
        auto [wec, wn] = co_await asio::async_write(
            stream, asio::buffer(kContinue.data(), kContinue.size()), kTuple);
        if (wec) break;
      }
      parser.body_limit(opts.body_limit);
      boost::system::error_code ec2;
      if (!parser.is_done()) {  // a request without a body is complete after its header
        stream.expires_after(std::chrono::seconds(opts.read_timeout_s));
        std::tie(ec2, std::ignore) = co_await bhttp::async_read(stream, buf, parser, kTuple);
      }
      if (ec2) {
        if (ec2 == bhttp::error::body_limit) {
          auto r = error_response(
              Error{ErrorCode::kPayloadTooLarge, "The request body is larger than the limit.", ""},
              req.request_id);
          metrics.observe(413, 0);
          co_await write(stream, std::move(r), &req, false, false);
          co_await lingering_close(stream);
        } else if (ec2 != bhttp::error::end_of_stream && ec2 != asio::error::eof &&
                   ec2 != beast::error::timeout && ec2 != asio::error::operation_aborted &&
                   ec2 != asio::error::connection_reset) {
          auto r = error_response(Error::bad_request("The HTTP request body is malformed."),
                                  req.request_id);
          metrics.observe(400, 0);
          co_await write(stream, std::move(r), &req, false, false);
        }
        break;
      }
      auto msg = parser.release();
      // The last request a connection may carry is answered with Connection: close.
      bool keep_alive = msg.keep_alive() && n + 1 < opts.max_requests_per_connection;
      req.body = std::move(msg.body());
      {
        std::lock_guard lk(mu);
        ++busy;
        self->busy = true;
      }
      metrics.in_flight(1);
      Response res;
      bool upgrade = false;
      if (invalid) {
        res = error_response(*invalid, req.request_id);
      } else if (asterisk_form) {
        res = options_asterisk();
      } else if (live && req.path == live->path && beast::websocket::is_upgrade(msg)) {
        // (An optional: co_spawn needs a default-constructible result.)
        auto checked = co_await asio::co_spawn(
            workers,
            [this, &req]() -> asio::awaitable<std::optional<Result<LiveGrant>>> {
              try {
                co_return authorize_live(req);
              } catch (const std::exception& e) {
                spdlog::error("rid={} live upgrade failed: {}", req.request_id, e.what());
                co_return Error{ErrorCode::kInternal,
                                "An internal error occurred; quote the request id.", ""};
              }
            },
            asio::use_awaitable);
        Result<LiveGrant>& filter = *checked;
        if (filter)
          upgrade = true;
        else
          res = error_response(filter.error(), req.request_id);
        if (upgrade) {
          {
            std::lock_guard lk(mu);
            --busy;
            self->busy = false;
          }
          metrics.in_flight(-1);
          metrics.observe(101, std::chrono::duration<double>(Clock::now() - t0).count());
          spdlog::info("rid={} client={} GET {} 101 live", req.request_id, client, req.path);
          cv.notify_all();
          upgraded = true;
          co_await live_session(std::move(stream), std::move(msg), std::move(*filter), req, self);
          break;
        }
      } else {
        bool path_matched = false;
        const Route* route = router.match(req, &path_matched);
        if (auto fast = try_fast(route, req)) {
          res = std::move(*fast);  // answered from memory on this I/O thread
        } else {
          res = co_await asio::co_spawn(
              workers,
              [this, route, path_matched, &req]() -> asio::awaitable<Response> {
                co_return dispatch(route, path_matched, req);
              },
              asio::use_awaitable);
        }
      }
      int status = res.status;
      bool stop_now;
      {
        std::lock_guard lk(mu);
        stop_now = stopping;
      }
      co_await write(stream, std::move(res), &req, keep_alive && !stop_now,
                     req.method == Method::kHead);
      double secs = std::chrono::duration<double>(Clock::now() - t0).count();
      metrics.observe(status, secs);
      metrics.in_flight(-1);
      spdlog::info("rid={} client={} {} {} {} {:.2f}ms", req.request_id, client,
                   method_name(req.method), req.path, status, secs * 1000);
      {
        std::lock_guard lk(mu);
        --busy;
        self->busy = false;
        stop_now = stopping;
      }
      cv.notify_all();
      if (!keep_alive || stop_now || status == 413) break;
    }
    boost::system::error_code ignored;
    if (!upgraded) stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    {
      std::lock_guard lk(mu);
      conns.erase(self);
    }
    metrics.connection_closed();
    cv.notify_all();
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, sock] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      sock.set_option(tcp::no_delay(true));
      // With one I/O thread every handler already runs on it; a strand only adds cost.
      if (opts.io_threads == 1)
        asio::co_spawn(ioc, session(std::move(sock)), asio::detached);
      else
        asio::co_spawn(asio::make_strand(ioc), session(std::move(sock)), asio::detached);
    }
  }
};

Server::Server(ServerOptions opts, const Router& router, Metrics& metrics, Handler fallback)
    : impl_(std::make_unique<Impl>(std::move(opts), router, metrics, std::move(fallback))) {}

Server::~Server() {
  stop(0);
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
}

void Server::set_live(LiveEndpoint live) { impl_->live = std::move(live); }

uint16_t Server::start() {
  auto& i = *impl_;
  tcp::endpoint ep{asio::ip::make_address(i.opts.host), i.opts.port};
  i.acceptor.open(ep.protocol());
  i.acceptor.set_option(asio::socket_base::reuse_address(true));
  i.acceptor.bind(ep);
  i.acceptor.listen(asio::socket_base::max_listen_connections);
  port_ = i.acceptor.local_endpoint().port();
  asio::co_spawn(i.acceptor.get_executor(), i.accept_loop(), asio::detached);
  for (int n = 0; n < i.opts.io_threads; ++n) i.threads.emplace_back([&i] { i.ioc.run(); });
  return port_;
}

void Server::wait() {
  auto& i = *impl_;
  std::unique_lock lk(i.mu);
  i.cv.wait(lk, [&] { return i.stopped; });
}

void Server::stop(int grace_s) {
  auto& i = *impl_;
  {
    std::lock_guard lk(i.mu);
    if (i.stopping) return;
    i.stopping = true;
  }
  // Stop accepting, and close idle keep-alive connections; busy ones finish their request.
  asio::post(i.ioc, [&i] {
    boost::system::error_code ec;
    i.acceptor.close(ec);
    std::lock_guard lk(i.mu);
    for (auto& c : i.conns)
      if (!c.busy && c.stream) c.stream->socket().cancel(ec);
  });
  {
    std::unique_lock lk(i.mu);
    i.cv.wait_for(lk, std::chrono::seconds(grace_s), [&] { return i.busy == 0; });
  }
  i.ioc.stop();
  i.workers.join();
  {
    std::lock_guard lk(i.mu);
    i.stopped = true;
  }
  i.cv.notify_all();
}

}  // namespace lakeguard::http
