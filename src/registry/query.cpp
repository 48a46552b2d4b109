#include "registry/query.h"

#include <fmt/format.h>

#include "registry/validate.h"

namespace lakeguard::registry {

Result<ListQuery> parse_list_query(const KindSpec& kind,
                                   const std::vector<std::pair<std::string, std::string>>& params,
                                   bool paged) {
  ListQuery q;
  auto bad = [](const std::string& p, std::string msg) {
    return Error::bad_request(std::move(msg), p);
  };
  auto whole = [](const std::string& s, int64_t lo, int64_t hi) -> std::optional<int64_t> {
    if (s.empty() || s.size() > 9) return std::nullopt;
    int64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi) return std::nullopt;
    return v;
  };
  for (const auto& [key, value] : params) {
    if (key == "page" || key == "page_size") {
      if (!paged) continue;
      auto v = key == "page" ? whole(value, 1, 1000000) : whole(value, 1, 500);
      if (!v)
        return bad(key, key == "page" ? "'page' must be a whole number from 1."
                                      : "'page_size' must be a whole number from 1 to 500.");
      (key == "page" ? q.page : q.page_size) = *v;
      continue;
    }
    if (key == "q") {
      if (value.size() > 200) return bad(key, "'q' is longer than 200 bytes.");
      q.q = value;
      continue;
    }
    if (key == "sort") {
      std::string col = value;
      bool desc = !col.empty() && col[0] == '-';
      if (desc) col.erase(0, 1);
      const FieldSpec* f = kind.field(col);
      bool common = col == "id" || col == "created_at" || col == "updated_at";
      if (!common && (!f || !f->sort))
        return bad(key, fmt::format("Cannot sort {} by '{}'.", kind.name, col));
      q.sort_column = col;
      q.sort_desc = desc;
      continue;
    }
    if (key == "synthetic") {
      if (value != "true" && value != "false") return bad(key, "'synthetic' is true or false.");
      q.filters.push_back({"synthetic", Filter::Op::kEq, value == "true", FieldType::kBool});
      continue;
    }
    std::string name = key;
    Filter::Op op = Filter::Op::kEq;
    if (name.ends_with("_from")) {
      name.resize(name.size() - 5);
      op = Filter::Op::kFrom;
    } else if (name.ends_with("_to")) {
      name.resize(name.size() - 3);
      op = Filter::Op::kTo;
    }
    const FieldSpec* f = kind.field(name);
    bool updated = name == "updated_at" || name == "created_at";
    if (updated && op != Filter::Op::kEq) {
      if (!is_valid_timestamp_prefix(value))
        return bad(key, fmt::format("'{}' must be a date or ISO 8601 time.", key));
      q.filters.push_back({name, op, boost::json::value(value), FieldType::kText});
      continue;
    }
    if (!f || !f->filter)
      return bad(key, fmt::format("Unknown query parameter '{}' for {}.", key, kind.name));
    bool rangeable =
        f->type == FieldType::kInt || f->type == FieldType::kReal || f->type == FieldType::kDate;
    if (op != Filter::Op::kEq && !rangeable)
      return bad(key, fmt::format("'{}' has no range filter.", name));
    if (f->type == FieldType::kStringList) {
      if (value.empty() || value.size() > 100) return bad(key, "Give one list item to match.");
      q.filters.push_back(
          {std::string(f->name), Filter::Op::kHas, boost::json::value(value), f->type});
      continue;
    }
    auto v = parse_cell(*f, value);
    if (!v || v->is_null())
      return bad(key, fmt::format("'{}' is not a valid value for {}.", value, name));
    q.filters.push_back({std::string(f->name), op, std::move(*v), f->type});
  }
  return q;
}

}  // namespace lakeguard::registry
