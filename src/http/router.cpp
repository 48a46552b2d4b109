#include "http/router.h"

#include <boost/json.hpp>

namespace lakeguard::http {
namespace {

std::vector<std::string> split_path(std::string_view p) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < p.size()) {
    if (p[i] == '/') {
      ++i;
      continue;
    }
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    out.emplace_back(p.substr(i, j - i));
    i = j;
  }
  return out;
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

void Router::add(Method m, std::string pattern, Handler h, RouteDoc doc, FastHandler fast) {
  auto segs = split_path(pattern);
  routes_.push_back(
      Route{m, std::move(pattern), std::move(segs), std::move(h), std::move(doc), std::move(fast)});
}

const Route* Router::match(Request& req, bool* path_matched) const {
  auto segs = split_path(req.path);
  *path_matched = false;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& s = r.segments[i];
      if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
        params[s.substr(1, s.size() - 2)] = segs[i];
      } else if (s != segs[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    if (r.method == req.method || (req.method == Method::kHead && r.method == Method::kGet)) {
      req.path_params = std::move(params);
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

std::string Request::header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string all = header("cookie");
  size_t i = 0;
  while (i < all.size()) {
    while (i < all.size() && (all[i] == ' ' || all[i] == ';')) ++i;
    size_t eq = all.find('=', i);
    if (eq == std::string::npos) break;
    size_t end = all.find(';', eq);
    if (end == std::string::npos) end = all.size();
    if (std::string_view(all).substr(i, eq - i) == name) return all.substr(eq + 1, end - eq - 1);
    i = end;
  }
  return std::nullopt;
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
  }
  return 500;
}

Response error_response(const Error& e, const std::string& request_id) {
  boost::json::object err{
      {"code", error_code_name(e.code)}, {"message", e.message}, {"request_id", request_id}};
  if (!e.field.empty()) err["field"] = e.field;
  Response r = Response::json(status_for(e.code),
                              boost::json::serialize(boost::json::object{{"error", err}}));
  return r;
}

}  // namespace lakeguard::http
