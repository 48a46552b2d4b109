#pragma once
// Strict JSON request decoding: content type, syntax, depth and size bounds, and rejection of
// unknown fields (API-CONVENTIONS.md "Fields and values").

#include <boost/json.hpp>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "http/request.h"

namespace lakeguard::http {

inline constexpr size_t kMaxJsonDepth = 32;

// Parses text as JSON with bounded depth. Errors are `bad_request`.
Result<boost::json::value> parse_json(std::string_view text);

// The request body as a JSON object. Requires Content-Type application/json (400 otherwise),
// well-formed JSON (400) and an object at the top (400).
Result<boost::json::object> json_object_body(const Request& req);

// Rejects any key of obj not in `allowed` with validation_failed naming the key.
Status reject_unknown_fields(const boost::json::object& obj,
                             const std::set<std::string, std::less<>>& allowed);

// Reads a required string field; validation_failed naming it when missing, not a string, empty
// after trimming, or longer than max_len characters (UTF-8 code points).
Result<std::string> required_string(const boost::json::object& obj, std::string_view key,
                                    size_t max_len = 200);

inline Response json_response(int status, const boost::json::value& v) {
  return Response::json(status, lakeguard::json_text(v));
}

}  // namespace lakeguard::http

namespace lakeguard::http {

struct Paging {
  int64_t page = 1;
  int64_t page_size = 50;
};
inline constexpr int64_t kMaxPageSize = 500;

// Reads `page` (≥ 1) and `page_size` (1…500, default 50); bad_request naming the parameter.
Result<Paging> parse_paging(const Request& req);

// Parses a decimal 64-bit id path parameter; not_found when it is not one (ids are opaque).
Result<int64_t> parse_id(std::string_view s);

}  // namespace lakeguard::http
