#pragma once
// Checking the bodies of the special-workers endpoints. Pure: 422 validation_failed naming the
// field for anything wrong, before anything is written.

#include <boost/json.hpp>
#include <string_view>

#include "codes/model.h"
#include "core/error.h"

namespace lakeguard::codes {

inline constexpr size_t kMaxWorkerNameChars = 50;
inline constexpr size_t kMaxCertificateChars = 40;

// A worker from a POST body (partial = false) or a PATCH body merged onto `base` (partial =
// true), on local date `today`. Unknown fields, bad dates (trained_on after today), a category not
// in kOperationCategories, a certificate number other than 4–40 letters, digits and '-' → 422.
Result<Worker> parse_worker(const boost::json::object& body, bool partial, const Worker& base,
                            std::string_view today);

}  // namespace lakeguard::codes
