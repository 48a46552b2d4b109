#include "http/api.h"
#include "core/json.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "core/text.h"
#include "http/json_body.h"

namespace lakeguard::http {
namespace {

namespace json = boost::json;

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xf]);
  }
  return out;
}

// Before the body of an authenticated route: a caller without credentials is refused at once.
// (`auth` by reference: the authenticator is set after the routes are registered.)
HeaderCheck credentials_check(Authenticator* const& auth) {
  return [&auth](const Request& req) -> std::optional<Error> {
    if (!auth) return std::nullopt;
    return auth->refuse_from_headers(req);
  };
}

Response render(Reply r, const Request& req) {
  if (r) return std::move(r).value();
  return error_response(r.error(), req.request_id);
}

// Cached answers are kept per caller role and scope (the role decides what may be read, the
// scope which rows) and request. Built on the I/O thread for every cached read: one allocation.
std::string cache_key(const Principal& p, const Request& req) {
  std::string key;
  key.reserve(64 + req.path.size() + 16 * req.query.size());
  // Each part is length-prefixed, so values holding '&', '=' or '|' cannot make two different
  // requests share a key.
  auto add = [&key](std::string_view part, char sep) {
    key += std::to_string(part.size());
    key += ':';
    key += part;
    key += sep;
  };
  add(role_name(p.role), '|');
  add(scope_type_name(p.scope_type), '|');
  add(p.scope_code, '|');
  if (p.enterprise_id) key += std::to_string(*p.enterprise_id);
  key += '|';
  add(req.path, '|');
  // Parameter order does not change an answer (filters are ANDed; a repeated name keeps its
  // order), so the key lists parameters by name: reordered URLs share one entry.
  std::array<uint16_t, 32> order;
  size_t n = std::min(req.query.size(), order.size());
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint16_t>(i);
  std::stable_sort(order.begin(), order.begin() + static_cast<ptrdiff_t>(n),
                   [&](uint16_t a, uint16_t b) { return req.query[a].first < req.query[b].first; });
  for (size_t i = 0; i < n; ++i) {
    add(req.query[order[i]].first, '=');
    add(req.query[order[i]].second, '&');
  }
  // Beyond 32 parameters the rest keep their order.
  for (size_t i = n; i < req.query.size(); ++i) {
    add(req.query[i].first, '=');
    add(req.query[i].second, '&');
  }
  return key;
}

// Query parameters are text a store matches or an answer repeats: one holding a NUL, another
// control character, a bidirectional override or invalid UTF-8 (core/text.h find_forbidden_char)
// is refused for every route before its handler runs — `q=%00` matched every row (issue 7
// defect 13). 422 naming the parameter.
std::optional<Error> refuse_query_text(const Request& req) {
  for (const auto& [key, value] : req.query) {
    for (std::string_view s : {std::string_view(key), std::string_view(value)}) {
      auto fc = find_forbidden_char(s, TextLines::kSingle);
      if (!fc) continue;
      if (fc->invalid_utf8())
        return Error::validation(key, fmt::format("'{}' is not valid UTF-8.", key));
      return Error::validation(
          key, fmt::format("'{}' contains U+{:04X} (a control or invisible formatting character) "
                           "at character {}; remove it.",
                           key, static_cast<uint32_t>(fc->code_point), fc->index + 1));
    }
  }
  return std::nullopt;
}

bool visible_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

std::string request_fingerprint(const Request& req) {
  std::string all(method_name(req.method));
  all += '\n';
  all += req.path;
  for (const auto& [k, v] : req.query) {
    all += '\n';
    all += std::to_string(k.size()) + ':' + k + '=' + std::to_string(v.size()) + ':' + v;
  }
  all += "\n\n";
  all += req.body;
  return sha256_hex(all);
}

Api::Api(Router& router, EpochSource epochs, ApiOptions opts)
    : router_(router),
      epochs_(std::move(epochs)),
      cache_bytes_(opts.cache_bytes),
      cache_(std::make_shared<ResponseCache>(opts.cache_bytes)) {}

Api::~Api() = default;

Access access_of(Method m) {
  return m == Method::kGet || m == Method::kHead || m == Method::kOptions ? Access::kRead
                                                                          : Access::kWrite;
}

void Api::route(Method m, std::string pattern, CallerHandler h, RouteDoc doc) {
  doc.authenticated = true;
  bool idempotent = m == Method::kPost && doc.idempotent && pattern.starts_with("/api/v1/");
  doc.idempotent = idempotent;
  router_.add(
      m, std::move(pattern),
      [this, h = std::move(h), idempotent](Request& req) -> Response {
        auto p = auth_->authenticate(req, access_of(req.method));
        if (!p) return error_response(p.error(), req.request_id);
        if (auto e = refuse_query_text(req)) return error_response(*e, req.request_id);
        if (idempotent && idem_ && !req.header("idempotency-key").empty())
          return with_idempotency(*p, req, h);
        return render(h(*p, req), req);
      },
      std::move(doc), nullptr, credentials_check(auth_));
}

void Api::cached_get(std::string pattern, std::vector<std::string> tables, CallerHandler h,
                     RouteDoc doc) {
  // Without memory for it (read_cache_mb = 0) the read cache is off: a plain route.
  if (cache_bytes_ == 0)
    return route(Method::kGet, std::move(pattern), std::move(h), std::move(doc));
  doc.authenticated = true;
  auto deps = std::make_shared<const std::vector<std::string>>(std::move(tables));
  Handler slow = [this, h = std::move(h), deps](Request& req) -> Response {
    auto p = auth_->authenticate(req, Access::kRead);
    if (!p) return error_response(p.error(), req.request_id);
    if (auto e = refuse_query_text(req)) return error_response(*e, req.request_id);
    // The epoch is read before the answer is made: a write committed meanwhile moves it, so an
    // answer that may predate the write is never stored under the newer epoch.
    std::optional<int64_t> epoch = epochs_(*deps);
    if (!epoch) return render(h(*p, req), req);
    std::string key = cache_key(*p, req);
    if (auto hit = cache_->get(key, *epoch)) return std::move(*hit);
    Response r = render(h(*p, req), req);
    cache_->put(key, *epoch, r);
    return r;
  };
  FastHandler fast = [this, deps](Request& req) -> std::optional<Response> {
    std::optional<int64_t> epoch = epochs_(*deps);
    if (!epoch || !auth_) return std::nullopt;
    auto p = auth_->authenticate_cached(req, Access::kRead);
    if (!p) return std::nullopt;
    return cache_->get(cache_key(*p, req), *epoch);
  };
  router_.add(Method::kGet, std::move(pattern), std::move(slow), std::move(doc), std::move(fast),
              credentials_check(auth_));
}

void Api::compute(Method m, std::string pattern, CallerHandler h, RouteDoc doc) {
  doc.authenticated = true;
  doc.idempotent = false;
  auto handler = std::make_shared<const CallerHandler>(std::move(h));
  Handler slow = [this, handler](Request& req) -> Response {
    auto p = auth_->authenticate(req, Access::kRead);
    if (!p) return error_response(p.error(), req.request_id);
    return render((*handler)(*p, req), req);
  };
  // A large body is parsed on the worker pool, so one upload cannot hold up the I/O thread.
  FastHandler fast = [this, handler](Request& req) -> std::optional<Response> {
    if (!auth_ || req.body.size() > kComputeInlineBody) return std::nullopt;
    auto p = auth_->authenticate_cached(req, Access::kRead);
    if (!p) return std::nullopt;
    return render((*handler)(*p, req), req);
  };
  router_.add(m, std::move(pattern), std::move(slow), std::move(doc), std::move(fast),
              credentials_check(auth_));
}

void Api::open(Method m, std::string pattern, PublicHandler h, RouteDoc doc) {
  doc.authenticated = false;
  doc.idempotent = false;
  router_.add(
      m, std::move(pattern),
      [h = std::move(h)](Request& req) -> Response {
        if (auto e = refuse_query_text(req)) return error_response(*e, req.request_id);
        return render(h(req), req);
      },
      std::move(doc));
}

Response Api::with_idempotency(const Principal& p, Request& req, const CallerHandler& h) {
  std::string_view key = req.header("idempotency-key");
  if (key.size() > 255 || !visible_ascii(key))
    return error_response(Error::bad_request("Idempotency-Key must be 1–255 visible ASCII "
                                             "characters.",
                                             "Idempotency-Key"),
                          req.request_id);
  IdempotencyStore::Key k{p.user_id, std::string(key), request_fingerprint(req), req.request_id};
  auto prior = idem_->answer(k);
  if (!prior) return error_response(prior.error(), req.request_id);
  if (*prior) return std::move(**prior);
  Response res;
  try {
    res = idem_->run_claiming(k, [&] { return render(h(p, req), req); });
  } catch (const IdempotencyKeyHeld&) {
    // A concurrent repeat claimed the key first; this request's writes were rolled back.
    auto first = idem_->answer(k);
    if (!first) return error_response(first.error(), req.request_id);
    if (*first) return std::move(**first);
    return error_response(Error::conflict("A request with this Idempotency-Key is still being "
                                          "processed; retry in a moment.",
                                          "Idempotency-Key"),
                          req.request_id);
  }
  auto other = idem_->finish(k, res);
  if (!other) return error_response(other.error(), req.request_id);
  if (*other) return std::move(**other);
  return res;
}

Response json_reply(int status, const json::value& v) {
  return Response::json(status, json_text(v));
}

Response object_reply(int status, const json::object& o) {
  auto r = json_reply(status, o);
  if (auto v = o.if_contains("version"); v && v->is_int64())
    r.headers.emplace_back("ETag", fmt::format("\"{}\"", v->as_int64()));
  return r;
}

Response created_reply(std::string_view collection_path, const json::object& o) {
  auto r = object_reply(201, o);
  if (auto id = o.if_contains("id"); id && id->is_int64()) {
    // Always one leading '/' and no empty segment: a Location of "//host/…" would send a
    // browser to another site (the server collapses repeated slashes in paths already; a
    // collection path may still end in '/').
    std::string location;
    for (char c : collection_path)
      if (c != '/' || (!location.empty() && location.back() != '/')) location.push_back(c);
    if (!location.empty() && location.back() == '/') location.pop_back();
    if (!location.empty()) location.insert(location.begin(), '/');
    r.headers.emplace_back("Location", fmt::format("{}/{}", location, id->as_int64()));
  }
  return r;
}

Response list_reply(json::array items, int64_t total, int64_t page, int64_t page_size) {
  return json_reply(
      200,
      json::object{
          {"items", std::move(items)}, {"total", total}, {"page", page}, {"page_size", page_size}});
}

Result<int64_t> path_id(const Request& req, std::string_view name) {
  auto it = req.path_params.find(std::string(name));
  if (it == req.path_params.end()) return Error::not_found();
  return parse_id(it->second);
}

Status only_query_params(const Request& req, std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, v] : req.query)
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      return Error::bad_request(fmt::format("Unknown query parameter '{}'.", k), k);
  return ok_status();
}

Result<std::optional<int64_t>> if_match_version(const Request& req) {
  std::string v(req.header("if-match"));
  if (v.empty()) return std::optional<int64_t>();
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto id = parse_id(v);
  if (!id) return Error::bad_request("If-Match must be a version number.", "If-Match");
  return std::optional<int64_t>(*id);
}

}  // namespace lakeguard::http
