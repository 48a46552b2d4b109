#pragma once
// JSON forms of a draw (pure): the pools as stored and as answered, and a draw as the API and the
// public page show it. The seed appears only once the draw is revealed.

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "inspections/model.h"

namespace lakeguard::inspections {

boost::json::array members_json(const std::vector<PoolMember>& ms);
boost::json::array exclusions_json(const std::vector<Exclusion>& es);
// Reads what members_json wrote (stored text); throws on a malformed value (a store bug).
std::vector<PoolMember> members_from_json(const boost::json::value& v);
std::vector<Exclusion> exclusions_from_json(const boost::json::value& v);

std::string_view status_name(DrawStatus s);

// The draw as the API answers it. `witness_names`: false on the public page (一公开 publishes
// no personal data beyond inspectors' names; the texts suffice to verify).
boost::json::object draw_json(const Draw& d, bool witness_names = true);

// What `lakeguard draw verify` and the public page check: recomputes the commitment, final_seed and
// both selections from the published values of a revealed draw (the object draw_json writes, or
// the reveal answer) and says what, if anything, does not match. Empty: everything matches.
std::vector<std::string> verify_published(const boost::json::object& published);

}  // namespace lakeguard::inspections
