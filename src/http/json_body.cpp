#include "http/json_body.h"

#include <fmt/format.h>

namespace lakeguard::http {

Result<boost::json::value> parse_json(std::string_view text) {
  boost::json::parse_options opt;
  opt.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec, {}, opt);
  if (ec) return Error::bad_request(fmt::format("The body is not valid JSON ({}).", ec.message()));
  return v;
}

Result<boost::json::object> json_object_body(const Request& req) {
  if (req.media_type() != "application/json")
    return Error::bad_request("The request must have Content-Type: application/json.");
  auto v = parse_json(req.body);
  if (!v) return v.error();
  if (!v->is_object()) return Error::bad_request("The body must be a JSON object.");
  return std::move(v->as_object());
}

Status reject_unknown_fields(const boost::json::object& obj,
                             const std::set<std::string, std::less<>>& allowed) {
  for (const auto& kv : obj) {
    if (!allowed.contains(std::string_view(kv.key())))
      return Error::validation(std::string(kv.key()),
                               fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
  }
  return ok_status();
}

Result<std::string> required_string(const boost::json::object& obj, std::string_view key,
                                    size_t max_len) {
  auto it = obj.find(key);
  if (it == obj.end() || it->value().is_null())
    return Error::validation(std::string(key), fmt::format("'{}' is required.", key));
  if (!it->value().is_string())
    return Error::validation(std::string(key), fmt::format("'{}' must be a string.", key));
  std::string s(it->value().as_string());
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  s = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  if (s.empty())
    return Error::validation(std::string(key), fmt::format("'{}' must not be empty.", key));
  if (utf8_length(s) > max_len)
    return Error::validation(std::string(key),
                             fmt::format("'{}' is longer than {} characters.", key, max_len));
  return s;
}

}  // namespace lakeguard::http

namespace lakeguard::http {

namespace {
std::optional<int64_t> to_int(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}
}  // namespace

Result<Paging> parse_paging(const Request& req) {
  Paging p;
  if (auto s = req.query_param("page")) {
    auto v = to_int(*s);
    if (!v || *v < 1 || *v > 1000000)
      return Error::bad_request("'page' must be a whole number from 1.", "page");
    p.page = *v;
  }
  if (auto s = req.query_param("page_size")) {
    auto v = to_int(*s);
    if (!v || *v < 1 || *v > kMaxPageSize)
      return Error::bad_request(
          fmt::format("'page_size' must be a whole number from 1 to {}.", kMaxPageSize),
          "page_size");
    p.page_size = *v;
  }
  return p;
}

Result<int64_t> parse_id(std::string_view s) {
  auto v = to_int(s);
  if (!v) return Error::not_found("The object does not exist.");
  return *v;
}

}  // namespace lakeguard::http
