// Building blocks for the JSON Schemas (OpenAPI 3.1) a context registers beside its routes — one
// set for every context instead of a copy in each api.cpp.
#pragma once

#include <boost/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace lakeguard::http::schema {

// {"type": t}
inline boost::json::object type(std::string_view t) { return boost::json::object{{"type", t}}; }
// {"type": [t, "null"]}
inline boost::json::object nullable(std::string_view t) {
  return boost::json::object{{"type", boost::json::array{t, "null"}}};
}
// A string of at most `max` characters.
inline boost::json::object text(size_t max) {
  return boost::json::object{{"type", "string"}, {"maxLength", max}};
}
// A calendar date (YYYY-MM-DD) and an instant (RFC 3339).
inline boost::json::object date() {
  return boost::json::object{{"type", "string"}, {"format", "date"}};
}
inline boost::json::object instant() {
  return boost::json::object{{"type", "string"}, {"format", "date-time"}};
}
// A reference to a schema in components/schemas.
inline boost::json::object ref(std::string_view name) {
  return boost::json::object{{"$ref", "#/components/schemas/" + std::string(name)}};
}
// An array of `items`, with at most `max` of them when max > 0.
inline boost::json::object array_of(boost::json::value items, size_t max = 0) {
  boost::json::object o{{"type", "array"}, {"items", std::move(items)}};
  if (max) o["maxItems"] = max;
  return o;
}
// A string that is one of `ns`.
inline boost::json::object names(std::initializer_list<std::string_view> ns) {
  boost::json::array e;
  for (auto n : ns) e.emplace_back(n);
  return boost::json::object{{"type", "string"}, {"enum", std::move(e)}};
}

}  // namespace lakeguard::http::schema
