#include "inspections/draw_json.h"

#include <fmt/format.h>

#include <stdexcept>

#include "inspections/draw.h"

namespace lakeguard::inspections {

namespace json = boost::json;

json::array members_json(const std::vector<PoolMember>& ms) {
  json::array a;
  a.reserve(ms.size());
  for (const auto& m : ms) a.push_back(json::object{{"id", m.id}, {"name", m.name}});
  return a;
}

json::array exclusions_json(const std::vector<Exclusion>& es) {
  json::array a;
  for (const auto& e : es)
    a.push_back(json::object{{"id", e.id}, {"name", e.name}, {"reason", e.reason}});
  return a;
}

std::vector<PoolMember> members_from_json(const json::value& v) {
  std::vector<PoolMember> out;
  for (const auto& e : v.as_array()) {
    const auto& o = e.as_object();
    out.push_back({o.at("id").to_number<int64_t>(), std::string(o.at("name").as_string())});
  }
  return out;
}

std::vector<Exclusion> exclusions_from_json(const json::value& v) {
  std::vector<Exclusion> out;
  for (const auto& e : v.as_array()) {
    const auto& o = e.as_object();
    out.push_back({o.at("id").to_number<int64_t>(), std::string(o.at("name").as_string()),
                   std::string(o.at("reason").as_string())});
  }
  return out;
}

std::string_view status_name(DrawStatus s) { return s == DrawStatus::kOpen ? "open" : "revealed"; }

json::object draw_json(const Draw& d, bool witness_names) {
  json::object o{
      {"id", d.id},
      {"title", d.title},
      {"town_code", d.town_code ? json::value(*d.town_code) : json::value(nullptr)},
      {"plan_id", d.plan_id ? json::value(*d.plan_id) : json::value(nullptr)},
      {"plan_target", d.plan_target ? json::value(*d.plan_target) : json::value(nullptr)},
      {"k", d.k},
      {"m", d.m},
      {"status", status_name(d.status)},
      {"commitment", d.commitment},
      {"pool_filter", json::parse(d.pool_filter.empty() ? "{}" : d.pool_filter)},
      {"pool_enterprises", members_json(d.pool_enterprises)},
      {"pool_inspectors", members_json(d.pool_inspectors)},
      {"excluded_inspectors", exclusions_json(d.excluded_inspectors)},
      {"created_at", d.created_at},
      {"version", d.version}};
  json::array ws;
  for (const auto& w : d.witnesses) {
    json::object wo{{"entropy", w.entropy}, {"added_at", w.added_at}};
    if (witness_names) wo["name"] = w.name;
    ws.push_back(std::move(wo));
  }
  o["witnesses"] = std::move(ws);
  bool revealed = d.status == DrawStatus::kRevealed;
  o["seed"] = revealed ? json::value(d.seed_hex) : json::value(nullptr);
  o["final_seed"] = revealed && d.final_seed ? json::value(*d.final_seed) : json::value(nullptr);
  o["selected_enterprises"] =
      revealed ? json::value(members_json(d.selected_enterprises)) : json::value(nullptr);
  o["selected_inspectors"] =
      revealed ? json::value(members_json(d.selected_inspectors)) : json::value(nullptr);
  o["revealed_at"] = d.revealed_at ? json::value(*d.revealed_at) : json::value(nullptr);
  return o;
}

namespace {

const json::value* field(const json::object& o, std::string_view k) { return o.if_contains(k); }

std::vector<int64_t> ids_of(const json::value& v) {
  std::vector<int64_t> out;
  for (const auto& e : v.as_array()) out.push_back(e.as_object().at("id").to_number<int64_t>());
  return out;
}

}  // namespace

std::vector<std::string> verify_published(const json::object& p) {
  std::vector<std::string> bad;
  auto str = [&](std::string_view k) -> std::string {
    const json::value* v = field(p, k);
    if (!v || !v->is_string()) {
      bad.push_back(fmt::format("'{}' is missing", k));
      return {};
    }
    return std::string(v->as_string());
  };
  std::string seed = str("seed"), commitment = str("commitment"), fs = str("final_seed");
  if (!bad.empty()) return bad;
  if (!seed_bytes(seed)) return {"'seed' is not 64 lowercase hex characters"};
  if (commitment_of(seed) != commitment)
    bad.push_back("the commitment is not SHA-256 of the seed: the seed was changed");
  std::vector<Witness> ws;
  if (const json::value* w = field(p, "witnesses"); w && w->is_array())
    for (const auto& e : w->as_array())
      ws.push_back({"", std::string(e.as_object().at("entropy").as_string())});
  if (ws.empty()) bad.push_back("no witness text: the draw could have been steered");
  if (final_seed(seed, ws) != fs)
    bad.push_back("final_seed does not follow from seed and witnesses");
  try {
    struct Side_ {
      const char* pool;
      const char* selected;
      const char* count;
      Side side;
    };
    for (const Side_& s :
         {Side_{"pool_enterprises", "selected_enterprises", "k", Side::kEnterprise},
          Side_{"pool_inspectors", "selected_inspectors", "m", Side::kInspector}}) {
      const json::value* pool = field(p, s.pool);
      const json::value* sel = field(p, s.selected);
      if (!pool || !sel) {
        bad.push_back(fmt::format("'{}' or '{}' is missing", s.pool, s.selected));
        continue;
      }
      auto want = ids_of(*sel);
      size_t n = want.size();
      if (const json::value* c = field(p, s.count); c && c->is_number())
        if (c->to_number<int64_t>() != static_cast<int64_t>(n))
          bad.push_back(fmt::format("'{}' lists {} but '{}' is {}", s.selected, n, s.count,
                                    c->to_number<int64_t>()));
      std::vector<int64_t> got;
      for (const auto& k : select(fs, s.side, ids_of(*pool), n)) got.push_back(k.id);
      if (got != want)
        bad.push_back(
            fmt::format("'{}' is not the {} smallest keys of '{}'", s.selected, n, s.pool));
    }
  } catch (const std::exception& e) {
    bad.push_back(fmt::format("malformed pool or selection: {}", e.what()));
  }
  return bad;
}

}  // namespace lakeguard::inspections
