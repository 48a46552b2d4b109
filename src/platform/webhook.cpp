// The shared webhook poster (webhook.h): Boost.Beast as an HTTP/1.1 client, one connection per
// attempt, every step under the attempt's deadline.

#include "platform/webhook.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>
#include <thread>

namespace lakeguard::platform {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

}  // namespace

WebhookTarget parse_webhook_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0)
    throw std::invalid_argument("webhook URL must start with http:// (got " + url + ")");
  std::string rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  WebhookTarget t;
  t.path = slash == std::string::npos ? "/" : rest.substr(slash);
  auto colon = authority.rfind(':');
  if (colon == std::string::npos) {
    t.host = authority;
    t.port = "80";
  } else {
    t.host = authority.substr(0, colon);
    t.port = authority.substr(colon + 1);
  }
  if (t.host.empty() || t.port.empty() || authority.find('@') != std::string::npos)
    throw std::invalid_argument("webhook URL needs a host (and no credentials): " + url);
  return t;
}

int post_json_once(const WebhookTarget& t, const std::string& json_body,
                   std::chrono::milliseconds timeout, const std::string& user_agent) {
  try {
    // Asynchronous steps on a private io_context: tcp_stream's deadline applies to asynchronous
    // operations only (a synchronous read would wait for ever on a peer that never answers).
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(t.host, t.port);
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, t.path, 11};
    req.set(bhttp::field::host, t.host + ":" + t.port);
    req.set(bhttp::field::content_type, "application/json");
    req.set(bhttp::field::user_agent, user_agent);
    req.body() = json_body;
    req.prepare_payload();
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    int status = 0;
    stream.expires_after(timeout);
    stream.async_connect(results, [&](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return;
      stream.expires_after(timeout);  // write and read together within one more timeout
      bhttp::async_write(stream, req, [&](beast::error_code wec, size_t) {
        if (wec) return;
        bhttp::async_read(stream, buf, res, [&](beast::error_code rec, size_t) {
          if (!rec) status = static_cast<int>(res.result_int());
        });
      });
    });
    ioc.run();
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return status;
  } catch (const std::exception&) {
    return 0;
  }
}

PostOutcome post_with_retries(const WebhookTarget& t, const std::string& json_body,
                              const PostPolicy& policy,
                              const std::function<bool(std::chrono::milliseconds)>& wait) {
  PostOutcome out;
  auto backoff = policy.first_backoff;
  int attempts = policy.max_attempts < 1 ? 1 : policy.max_attempts;
  for (int i = 0; i < attempts; ++i) {
    ++out.attempts;
    out.last_status = post_json_once(t, json_body, policy.timeout, policy.user_agent);
    if (out.last_status >= 200 && out.last_status < 300) {
      out.delivered = true;
      return out;
    }
    if (i + 1 == attempts) break;
    if (wait) {
      if (!wait(backoff)) break;
    } else {
      std::this_thread::sleep_for(backoff);
    }
    backoff *= 2;
  }
  return out;
}

}  // namespace lakeguard::platform
