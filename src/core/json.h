#pragma once
// The one writer of JSON text from a Boost.JSON value (decision 0010): the same document as
// boost::json::serialize, but numbers in plain decimal where exact, so an index is `17.5` and a
// longitude `120.135995`, not `1.75E1` and `1.20135995E2` (docs/api.md "Numbers"). Every answer
// and every stored document goes through it. Pure, thread-safe.

#include <string>

#include <boost/json/value.hpp>

namespace lakeguard {

// How doubles are written. kShortest: as append_json_double writes them (plain decimal for the
// magnitudes quantities and coordinates have, an exponent below 10⁻⁵ and from 10¹⁷ up).
// kNeverExponent: always plain decimal (core/decimal.h plain_decimal), for text people read in a
// spreadsheet (CSV cells). Either way a whole double gets ".0" so that it reads back as a double
// (30.0, not the integer 30), and a non-finite double, which Boost.JSON cannot parse either,
// becomes null.
enum class JsonNumbers { kShortest, kNeverExponent };

// The JSON text of v: objects keep their key order, strings are escaped as append_json_string
// does, integers as they are, doubles as `numbers` says.
std::string json_text(const boost::json::value& v);
// Appends the text of v to out.
void append_json(std::string& out, const boost::json::value& v,
                 JsonNumbers numbers = JsonNumbers::kShortest);

}  // namespace lakeguard
