#pragma once
// The public Atom 1.0 feed (RFC 4287) of current warnings: one entry per published CAP message,
// each linking its CAP document with rel="alternate" type="application/cap+xml". Pure.

#include <cstdint>
#include <string>
#include <vector>

#include "alerts/message.h"
#include "alerts/model.h"

namespace lakeguard::alerts {

// `base` is the site's origin ("http://host:port"), without a trailing slash; `now_ms` is the
// feed's updated time when there is no entry.
std::string render_atom(const std::vector<Warning>& current, const Issuer& issuer,
                        const std::string& base, int64_t now_ms);

}  // namespace lakeguard::alerts
