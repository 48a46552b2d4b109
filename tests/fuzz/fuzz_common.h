#pragma once
// Shared helpers for the libFuzzer targets in tests/fuzz/: the jurisdiction snapshot every target
// validates against, and the byte → kind/option selection.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "registry/model.h"
#include "registry/validate.h"

namespace lakeguard::fuzz {

// A small West Lake snapshot: district 330106, one town, one community, and the district's
// bounding box (WGS-84).
inline const registry::JurisdictionIndex& test_index() {
  static const registry::JurisdictionIndex idx = [] {
    registry::JurisdictionIndex i;
    i.district_code = "330106";
    i.towns = {"330106009"};
    i.community_town = {{"330106009001", "330106009"}};
    i.min_lon = 119.99;
    i.max_lon = 120.19;
    i.min_lat = 30.07;
    i.max_lat = 30.36;
    return i;
  }();
  return idx;
}

// The registry kind selected by a selector byte (low bits), cycling through kinds().
inline const registry::KindSpec& kind_for(uint8_t selector) {
  const auto& all = registry::kinds();
  return all[selector % all.size()];
}

// Splits the first byte off as a selector; the rest is the payload.
struct Input {
  uint8_t selector = 0;
  std::string_view payload;
};
inline Input split(const uint8_t* data, size_t size) {
  if (size == 0) return {};
  return {data[0], std::string_view(reinterpret_cast<const char*>(data + 1), size - 1)};
}

// LG_FUZZ_VERBOSE=1 makes the targets say how far an input got (for triage: run the binary on a
// single file). Off while fuzzing.
inline bool verbose() {
  static const bool v = std::getenv("LG_FUZZ_VERBOSE") != nullptr;
  return v;
}
inline void trace(std::string_view stage, const Error* e = nullptr) {
  if (!verbose()) return;
  if (e)
    std::fprintf(stderr, "[fuzz] %.*s: %s (field '%s')\n", static_cast<int>(stage.size()),
                 stage.data(), e->message.c_str(), e->field.c_str());
  else
    std::fprintf(stderr, "[fuzz] %.*s\n", static_cast<int>(stage.size()), stage.data());
}

// LG_FUZZ_STRICT=1 also checks the properties the current code is known to break (each reported
// to the lead); off by default so tests/fuzz/run.sh stays a gate for crashes, leaks and UB.
inline bool strict() {
  static const bool v = std::getenv("LG_FUZZ_STRICT") != nullptr;
  return v;
}

// A property the code under test must keep; abort() so libFuzzer records the input.
#define LG_FUZZ_CHECK(cond, what)                                                            \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      std::fprintf(stderr, "lakeguard fuzz property violated: %s (%s:%d)\n", what, __FILE__, \
                   __LINE__);                                                                \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)

}  // namespace lakeguard::fuzz
