#pragma once
// Transport-neutral request/response types. Contexts' api.cpp files see only these (never Beast),
// which keeps their compile times low and lets handlers be tested without sockets (STYLE.md §8).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lakeguard::http {

enum class Method { kGet, kPost, kPatch, kPut, kDelete, kHead, kOptions, kOther };
std::string_view method_name(Method m);

struct Request {
  Method method = Method::kGet;
  std::string path;                                         // decoded path, without query
  std::vector<std::pair<std::string, std::string>> query;   // decoded, in order
  std::map<std::string, std::string, std::less<>> headers;  // lower-case names
  std::string body;
  std::string request_id;
  std::string client_address;
  std::map<std::string, std::string> path_params;  // filled by the router

  // First value of a query parameter.
  std::optional<std::string> query_param(std::string_view name) const;
  // A header by lower-case name, or "" (a view into headers).
  std::string_view header(std::string_view lower_name) const;
  // The value of cookie `name`, if present.
  std::optional<std::string> cookie(std::string_view name) const;
  // The Content-Type's media type, lower-cased, without parameters or whitespace
  // ("Application/JSON ; charset=UTF-8" → "application/json"; RFC 9110 §8.3.1); "" when absent.
  // Compare content types only through this.
  std::string media_type() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Set instead of body for a body shared with a cache (sent without a copy); body is then empty.
  std::shared_ptr<const std::string> shared_body;
  // With shared_body, optionally: the status line and every header line of the response but the
  // per-request ones (X-Request-Id, Connection), each ending in CRLF, rendered once by a cache
  // (render_head). content_type and headers are then ignored.
  std::shared_ptr<const std::string> shared_head;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close_connection = false;

  static Response json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Response no_content() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  }
};

// The single place where an Error becomes an HTTP status and the error body
// {"error":{"code","message","field","request_id"}} (API-CONVENTIONS.md "Errors").
int status_for(ErrorCode code);
Response error_response(const Error& e, const std::string& request_id);

// The status line and header lines (Server, Content-Type, X-Content-Type-Options, res.headers,
// Content-Length of `body_size`) of res, as the server writes them: for Response::shared_head.
std::string render_head(const Response& res, size_t body_size);

}  // namespace lakeguard::http
