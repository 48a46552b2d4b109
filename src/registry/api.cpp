#include "registry/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "auth/service.h"
#include "http/json_body.h"
#include "http/response_cache.h"
#include "registry/csv.h"

namespace lakeguard::registry {
namespace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

Response err(const Error& e, const Request& req) { return http::error_response(e, req.request_id); }

Response object_response(int status, const Object& o) {
  auto r = http::json_response(status, o);
  if (auto v = o.if_contains("version"); v && v->is_int64())
    r.headers.emplace_back("ETag", fmt::format("\"{}\"", v->as_int64()));
  return r;
}

// The parent id of a nested kind's route (`{pid}`), nullopt for top-level kinds.
Result<std::optional<int64_t>> parent_of(const KindSpec& kind, Request& req) {
  if (kind.parent.empty()) return std::optional<int64_t>();
  auto id = http::parse_id(req.path_params["pid"]);
  if (!id) return id.error();
  return std::optional<int64_t>(*id);
}

// Read responses are cached per caller scope and role (the role decides what may be read; the
// scope which rows) and request, while no write has been committed anywhere (store epoch).
// Built on the I/O thread for every cached read: one allocation, no formatting.
std::string cache_key(const auth::Principal& p, const Request& req) {
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
  add(auth::role_name(p.role), '|');
  add(auth::scope_type_name(p.scope_type), '|');
  add(p.scope_code, '|');
  if (p.enterprise_id) key += std::to_string(*p.enterprise_id);
  key += '|';
  add(req.path, '|');
  // Parameter order does not change a list (filters are ANDed; a repeated name keeps its
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
  // Beyond 32 parameters (the list rejects most such requests anyway) the rest keep their order.
  for (size_t i = n; i < req.query.size(); ++i) {
    add(req.query[i].first, '=');
    add(req.query[i].second, '&');
  }
  return key;
}

Response cached_read(RegistryService& reg, http::ResponseCache& cache, const auth::Principal& p,
                     const Request& req, const std::function<Response()>& make) {
  std::optional<int64_t> epoch = reg.change_epoch();
  if (!epoch) return make();
  std::string key = cache_key(p, req);
  if (auto hit = cache.get(key, *epoch)) return std::move(*hit);
  Response r = make();
  cache.put(key, *epoch, r);
  return r;
}

// The same cache, answered on the I/O thread when both the caller's session and the response
// are in memory under the current epoch; anything else goes to the worker pool.
http::FastHandler fast_read(auth::AuthService& auth, RegistryService& reg,
                            std::shared_ptr<http::ResponseCache> cache) {
  return [&auth, &reg, cache](Request& req) -> std::optional<Response> {
    std::optional<int64_t> epoch = reg.change_epoch();
    if (!epoch) return std::nullopt;
    auto p = auth.authenticate_cached(req, *epoch);
    if (!p) return std::nullopt;
    return cache->get(cache_key(*p, req), *epoch);
  };
}

std::string base_path(const KindSpec& kind) {
  if (kind.parent.empty()) return fmt::format("/api/v1/{}", kind.name);
  return fmt::format("/api/v1/{}/{{pid}}/{}", kind.parent, kind.name);
}

std::string csv_of(const KindSpec& kind, const std::vector<Object>& rows) {
  std::string out(kUtf8Bom);
  std::vector<std::string> header{"id"};
  if (!kind.parent_fk.empty()) header.emplace_back(kind.parent_fk);
  for (const auto& f : kind.fields) header.emplace_back(f.name);
  header.emplace_back("synthetic");
  header.emplace_back("updated_at");
  out += csv_line(header);
  for (const auto& o : rows) {
    std::vector<std::string> cells{json::serialize(o.at("id"))};
    if (!kind.parent_fk.empty()) cells.push_back(json::serialize(o.at(kind.parent_fk)));
    for (const auto& f : kind.fields) cells.push_back(cell_text(f, o.at(f.name)));
    cells.emplace_back(o.at("synthetic").as_bool() ? "true" : "false");
    cells.emplace_back(o.at("updated_at").as_string());
    out += csv_line(cells);
  }
  return out;
}

std::optional<int64_t> parse_if_match(const Request& req, bool* bad) {
  std::string v(req.header("if-match"));
  *bad = false;
  if (v.empty()) return std::nullopt;
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto id = http::parse_id(v);
  if (!id) {
    *bad = true;
    return std::nullopt;
  }
  return *id;
}

void register_kind(http::Router& r, auth::AuthService& auth, RegistryService& reg,
                   const KindSpec& kind, std::shared_ptr<http::ResponseCache> cache) {
  const KindSpec* k = &kind;
  std::string base = base_path(kind);
  std::vector<std::string> list_params{"page", "page_size", "sort", "q"};
  for (const auto& f : kind.fields)
    if (f.filter) list_params.emplace_back(f.name);
  std::string title(kind.title);

  r.add(
      Method::kGet, base,
      [&auth, &reg, k, cache](Request& req) -> Response {
        auto p = auth.authenticate(req);
        if (!p) return err(p.error(), req);
        return cached_read(reg, *cache, *p, req, [&]() -> Response {
          auto parent = parent_of(*k, req);
          if (!parent) return err(parent.error(), req);
          auto q = parse_list_query(*k, req.query, true);
          if (!q) return err(q.error(), req);
          auto page = reg.list(*p, *k, *q, *parent);
          if (!page) return err(page.error(), req);
          json::array items;
          for (auto& o : page->items) items.push_back(std::move(o));
          return http::json_response(200, json::object{{"items", std::move(items)},
                                                       {"total", page->total},
                                                       {"page", page->page},
                                                       {"page_size", page->page_size}});
        });
      },
      {.summary = fmt::format("List {} in scope", kind.name),
       .tag = std::string(kind.name),
       .response_schema = title,
       .list = true,
       .query_params = list_params},
      fast_read(auth, reg, cache));

  if (kind.parent.empty()) {
    r.add(
        Method::kGet, base + ".geojson",
        [&auth, &reg, k, cache](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          return cached_read(reg, *cache, *p, req, [&]() -> Response {
            auto q = parse_list_query(*k, req.query, false);
            if (!q) return err(q.error(), req);
            auto rows = reg.export_all(*p, *k, *q, std::nullopt);
            if (!rows) return err(rows.error(), req);
            json::array features;
            for (const auto& o : *rows) features.push_back(to_feature(*k, o));
            auto out = http::json_response(200, json::object{{"type", "FeatureCollection"},
                                                             {"features", std::move(features)}});
            out.content_type = "application/geo+json";
            return out;
          });
        },
        {.summary = fmt::format("{} as an RFC 7946 FeatureCollection (not paged)", kind.name),
         .tag = std::string(kind.name),
         .response_schema = "FeatureCollection",
         .query_params = {"q", "sort"},
         .response_type = "application/geo+json"},
        fast_read(auth, reg, cache));
  }

  r.add(
      Method::kGet, base + ".csv",
      [&auth, &reg, k, cache](Request& req) -> Response {
        auto p = auth.authenticate(req);
        if (!p) return err(p.error(), req);
        return cached_read(reg, *cache, *p, req, [&]() -> Response {
          auto parent = parent_of(*k, req);
          if (!parent) return err(parent.error(), req);
          auto q = parse_list_query(*k, req.query, false);
          if (!q) return err(q.error(), req);
          auto rows = reg.export_all(*p, *k, *q, *parent);
          if (!rows) return err(rows.error(), req);
          Response out;
          out.content_type = "text/csv; charset=utf-8";
          out.body = csv_of(*k, *rows);
          out.headers.emplace_back("Content-Disposition",
                                   fmt::format("attachment; filename=\"{}.csv\"", k->name));
          return out;
        });
      },
      {.summary = fmt::format("{} as CSV (UTF-8 with BOM, not paged)", kind.name),
       .tag = std::string(kind.name),
       .query_params = {"q", "sort"},
       .response_type = "text/csv"},
      fast_read(auth, reg, cache));

  r.add(Method::kPost, base,
        [&auth, &reg, k](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          auto parent = parent_of(*k, req);
          if (!parent) return err(parent.error(), req);
          auto body = http::json_object_body(req);
          if (!body) return err(body.error(), req);
          auto made = reg.create(*p, *k, *body, *parent, auth::audit_by(*p, req));
          if (!made) return err(made.error(), req);
          auto out = object_response(201, *made);
          out.headers.emplace_back("Location",
                                   fmt::format("{}/{}", req.path, made->at("id").as_int64()));
          return out;
        },
        {.summary = fmt::format("Create one of {}", kind.name),
         .tag = std::string(kind.name),
         .request_schema = title + "Input",
         .response_schema = title,
         .success_status = 201});

  r.add(Method::kPost, base + "/import",
        [&auth, &reg, k](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          auto parent = parent_of(*k, req);
          if (!parent) return err(parent.error(), req);
          bool dry_run = true;  // nothing is written unless asked (API-CONVENTIONS.md "Files")
          for (const auto& [key, v] : req.query) {
            if (key == "dry_run") {
              if (v != "true" && v != "false")
                return err(Error::bad_request("'dry_run' is true or false.", "dry_run"), req);
              dry_run = v == "true";
            } else if (key == "charset") {
              if (v != "utf-8" && v != "gb18030")
                return err(Error::bad_request("'charset' is utf-8 or gb18030.", "charset"), req);
            } else {
              return err(Error::bad_request(fmt::format("Unknown query parameter '{}'.", key), key),
                         req);
            }
          }
          std::string ct(req.header("content-type"));
          ct = ct.substr(0, ct.find(';'));
          ImportInput in;
          if (ct == "text/csv") {
            std::string text = req.body;
            if (req.query_param("charset") == "gb18030") {
              auto u = gb18030_to_utf8(text);
              if (!u) return err(u.error(), req);
              text = std::move(*u);
            }
            auto table = parse_csv(text, kMaxImportRows);
            if (!table) return err(table.error(), req);
            in.csv = std::move(*table);
          } else if (ct == "application/json") {
            auto body = http::json_object_body(req);
            if (!body) return err(body.error(), req);
            if (auto s = http::reject_unknown_fields(*body, {"rows"}); !s)
              return err(s.error(), req);
            auto rows = body->if_contains("rows");
            if (!rows || !rows->is_array())
              return err(Error::validation("rows", "'rows' must be an array of objects."), req);
            in.is_json = true;
            in.json_rows.assign(rows->as_array().begin(), rows->as_array().end());
          } else {
            return err(Error{ErrorCode::kUnsupportedMediaType,
                             "Upload text/csv, or application/json with {\"rows\": [...]}.", ""},
                       req);
          }
          auto rep = reg.import(*p, *k, in, dry_run, *parent, auth::audit_by(*p, req));
          if (!rep) return err(rep.error(), req);
          json::array errors;
          for (const auto& x : rep->errors)
            errors.push_back(
                json::object{{"row", x.row}, {"column", x.column}, {"reason", x.reason}});
          return http::json_response(200, json::object{{"rows", rep->rows},
                                                       {"valid", rep->valid},
                                                       {"errors", std::move(errors)},
                                                       {"committed", rep->committed}});
        },
        {.summary = fmt::format("Import {} from CSV or JSON rows (dry run by default)", kind.name),
         .tag = std::string(kind.name),
         .request_schema = "ImportRows",
         .response_schema = "ImportReport",
         .query_params = {"dry_run", "charset"}});

  r.add(
      Method::kGet, base + "/{id}",
      [&auth, &reg, k, cache](Request& req) -> Response {
        auto p = auth.authenticate(req);
        if (!p) return err(p.error(), req);
        return cached_read(reg, *cache, *p, req, [&]() -> Response {
          auto parent = parent_of(*k, req);
          if (!parent) return err(parent.error(), req);
          auto id = http::parse_id(req.path_params["id"]);
          if (!id) return err(id.error(), req);
          auto o = reg.get(*p, *k, *id, *parent);
          if (!o) return err(o.error(), req);
          return object_response(200, *o);
        });
      },
      {.summary = fmt::format("One of {}", kind.name),
       .tag = std::string(kind.name),
       .response_schema = title},
      fast_read(auth, reg, cache));

  r.add(Method::kPatch, base + "/{id}",
        [&auth, &reg, k](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          auto parent = parent_of(*k, req);
          if (!parent) return err(parent.error(), req);
          auto id = http::parse_id(req.path_params["id"]);
          if (!id) return err(id.error(), req);
          bool bad = false;
          auto if_match = parse_if_match(req, &bad);
          if (bad)
            return err(Error::bad_request("If-Match must be a version number.", "If-Match"), req);
          auto body = http::json_object_body(req);
          if (!body) return err(body.error(), req);
          auto o = reg.update(*p, *k, *id, *body, *parent, if_match, auth::audit_by(*p, req));
          if (!o) return err(o.error(), req);
          return object_response(200, *o);
        },
        {.summary = fmt::format("Change fields of one of {} (If-Match: version)", kind.name),
         .tag = std::string(kind.name),
         .request_schema = title + "Patch",
         .response_schema = title});

  r.add(Method::kDelete, base + "/{id}",
        [&auth, &reg, k](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          auto parent = parent_of(*k, req);
          if (!parent) return err(parent.error(), req);
          auto id = http::parse_id(req.path_params["id"]);
          if (!id) return err(id.error(), req);
          if (auto s = reg.remove(*p, *k, *id, *parent, auth::audit_by(*p, req)); !s)
            return err(s.error(), req);
          return Response::no_content();
        },
        {.summary = fmt::format("Delete one of {}", kind.name),
         .tag = std::string(kind.name),
         .success_status = 204});
}

}  // namespace

std::shared_ptr<http::ResponseCache> register_routes(http::Router& r, auth::AuthService& auth,
                                                     RegistryService& reg) {
  auto cache = std::make_shared<http::ResponseCache>();
  for (const auto& k : kinds()) register_kind(r, auth, reg, k, cache);
  r.add(Method::kPost, "/api/v1/spatial/within",
        [&auth, &reg](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          auto body = http::json_object_body(req);
          if (!body) return err(body.error(), req);
          if (auto s = http::reject_unknown_fields(*body, {"shape", "layers"}); !s)
            return err(s.error(), req);
          auto shape = body->if_contains("shape");
          if (!shape || !shape->is_object())
            return err(Error::validation("shape", "'shape' is a GeoJSON polygon or a circle."),
                       req);
          std::vector<std::string> layers;
          auto lv = body->if_contains("layers");
          if (!lv || !lv->is_array() || lv->as_array().empty() || lv->as_array().size() > 20)
            return err(Error::validation("layers", "'layers' lists 1–20 layer names."), req);
          for (const auto& l : lv->as_array()) {
            if (!l.is_string())
              return err(Error::validation("layers", "Layer names are strings."), req);
            layers.emplace_back(l.as_string());
          }
          auto res = reg.within(*p, shape->as_object(), layers);
          if (!res) return err(res.error(), req);
          return http::json_response(200, *res);
        },
        {.summary = "Objects of the given layers inside a polygon or circle (scope-restricted)",
         .tag = "spatial",
         .request_schema = "WithinRequest",
         .response_schema = "WithinResponse"});
  return cache;
}

}  // namespace lakeguard::registry
