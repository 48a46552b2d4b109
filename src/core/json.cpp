#include "core/json.h"

#include "core/decimal.h"
#include "core/json_text.h"

namespace lakeguard {

void append_json(std::string& out, const boost::json::value& v, JsonNumbers numbers) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out += "null";
      return;
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case boost::json::kind::int64:
      append_json_int(out, v.get_int64());
      return;
    case boost::json::kind::uint64:
      out += std::to_string(v.get_uint64());
      return;
    case boost::json::kind::double_: {
      // A double stays a double when read back: a whole value gets ".0" (30.0, not 30, which
      // Boost.JSON would read as an integer and as_double() refuse).
      const size_t start = out.size();
      if (numbers == JsonNumbers::kShortest) {
        append_json_double(out, v.get_double());
      } else if (auto d = plain_decimal(v.get_double())) {
        out += *d;
      } else {
        out += "null";
      }
      if (out.find_first_of(".eEn", start) == std::string::npos) out += ".0";
      return;
    }
    case boost::json::kind::string:
      append_json_string(out, v.get_string());
      return;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_json(out, e, numbers);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        append_json_string(out, kv.key());
        out.push_back(':');
        append_json(out, kv.value(), numbers);
      }
      out.push_back('}');
      return;
    }
  }
}

std::string json_text(const boost::json::value& v) {
  std::string out;
  append_json(out, v);
  return out;
}

}  // namespace lakeguard
