#include "http/router.h"
#include "core/json.h"

#include <fmt/format.h>

#include <array>
#include <boost/json.hpp>
#include <cctype>

namespace lakeguard::http {
namespace {

// Calls f(segment) for each non-empty segment of p; stops early when f returns false.
template <class F>
void for_each_segment(std::string_view p, F&& f) {
  size_t i = 0;
  while (i < p.size()) {
    if (p[i] == '/') {
      ++i;
      continue;
    }
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    if (!f(p.substr(i, j - i))) return;
    i = j;
  }
}

std::vector<std::string> split_path(std::string_view p) {
  std::vector<std::string> out;
  for_each_segment(p, [&](std::string_view s) {
    out.emplace_back(s);
    return true;
  });
  return out;
}

// RFC 9110 §15 reason phrases of the statuses this server sends.
std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

bool is_capture(const std::string& s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}

}  // namespace

std::string_view method_name(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPatch:
      return "PATCH";
    case Method::kPut:
      return "PUT";
    case Method::kDelete:
      return "DELETE";
    case Method::kHead:
      return "HEAD";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

void Router::add(Method m, std::string pattern, Handler h, RouteDoc doc, FastHandler fast,
                 HeaderCheck before_body) {
  auto segs = split_path(pattern);
  routes_.push_back(Route{m, std::move(pattern), std::move(segs), std::move(h), std::move(doc),
                          std::move(fast), std::move(before_body)});
}

// Runs on the I/O thread for every request: segments are views into req.path (no allocation
// until a route with captures matches).
const Route* Router::match(Request& req, bool* path_matched) const {
  constexpr size_t kMaxSegments = 16;
  std::array<std::string_view, kMaxSegments> segs;
  size_t n = 0;
  bool too_long = false;
  for_each_segment(req.path, [&](std::string_view s) {
    if (n == kMaxSegments) {
      too_long = true;
      return false;
    }
    segs[n++] = s;
    return true;
  });
  *path_matched = false;
  if (too_long) return nullptr;
  for (const auto& r : routes_) {
    if (r.segments.size() != n) continue;
    bool ok = true;
    for (size_t i = 0; i < n && ok; ++i) ok = is_capture(r.segments[i]) || r.segments[i] == segs[i];
    if (!ok) continue;
    if (r.method == req.method || (req.method == Method::kHead && r.method == Method::kGet)) {
      req.path_params.clear();
      for (size_t i = 0; i < n; ++i)
        if (is_capture(r.segments[i]))
          req.path_params[r.segments[i].substr(1, r.segments[i].size() - 2)] = std::string(segs[i]);
      return &r;
    }
    *path_matched = true;
  }
  return nullptr;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::string_view Request::header(std::string_view lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string_view all = header("cookie");
  size_t i = 0;
  while (i < all.size()) {
    while (i < all.size() && (all[i] == ' ' || all[i] == ';')) ++i;
    size_t eq = all.find('=', i);
    if (eq == std::string_view::npos) break;
    size_t end = all.find(';', eq);
    if (end == std::string_view::npos) end = all.size();
    if (all.substr(i, eq - i) == name) return std::string(all.substr(eq + 1, end - eq - 1));
    i = end;
  }
  return std::nullopt;
}

std::string Request::media_type() const {
  std::string_view ct = header("content-type");
  ct = ct.substr(0, ct.find(';'));
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!ct.empty() && space(ct.front())) ct.remove_prefix(1);
  while (!ct.empty() && space(ct.back())) ct.remove_suffix(1);
  std::string out(ct);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kValidationFailed:
      return 422;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kInternal:
      return 500;
    case ErrorCode::kExpectationFailed:
      return 417;
    case ErrorCode::kNotImplemented:
      return 501;
  }
  return 500;
}

Response error_response(const Error& e, const std::string& request_id) {
  boost::json::object err{
      {"code", error_code_name(e.code)}, {"message", e.message}, {"request_id", request_id}};
  if (!e.field.empty()) err["field"] = e.field;
  Response r =
      Response::json(status_for(e.code), lakeguard::json_text(boost::json::object{{"error", err}}));
  return r;
}

std::string render_head(const Response& res, size_t body_size) {
  std::string out =
      fmt::format("HTTP/1.1 {} {}\r\nServer: lakeguard\r\n", res.status, reason_phrase(res.status));
  if (!res.content_type.empty()) out += fmt::format("Content-Type: {}\r\n", res.content_type);
  out += "X-Content-Type-Options: nosniff\r\n";
  for (const auto& [k, v] : res.headers) out += fmt::format("{}: {}\r\n", k, v);
  out += fmt::format("Content-Length: {}\r\n", body_size);
  return out;
}

}  // namespace lakeguard::http
