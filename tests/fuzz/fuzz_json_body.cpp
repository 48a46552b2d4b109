// libFuzzer target: JSON request bodies → registry validation.
//
// Input: byte 0 selects the kind (bits 0–3), PATCH semantics (bit 4), allow_synthetic (bit 5) and
// the Content-Type header (bits 6–7); the rest is the request body.
//
// Properties beyond "no crash, no leak, no UB, no escaping exception":
//   * json_object_body agrees with parse_json on whether the body is a JSON object;
//   * validation is idempotent: a normalised object validates again to itself.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "http/json_body.h"
#include "http/request.h"
#include "registry/validate.h"

using namespace lakeguard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [sel, body] = fuzz::split(data, size);
  const registry::KindSpec& kind = fuzz::kind_for(sel & 0x0F);
  registry::ValidateOptions opt;
  opt.partial = (sel & 0x10) != 0;
  opt.allow_synthetic = (sel & 0x20) != 0;
  static constexpr std::array<const char*, 4> kContentTypes = {
      "application/json", "Application/JSON ; charset=utf-8", "text/plain", ""};
  const std::string content_type = kContentTypes[(sel >> 6) & 3];
  const bool json_ct = (sel >> 6) < 2;

  auto parsed = http::parse_json(body);

  http::Request req;
  req.method = http::Method::kPost;
  req.path = "/api/v1/" + std::string(kind.name);
  if (!content_type.empty()) req.headers["content-type"] = content_type;
  req.body = std::string(body);
  auto obj = http::json_object_body(req);
  LG_FUZZ_CHECK(obj.ok() == (json_ct && parsed.ok() && parsed->is_object()),
                "json_object_body disagrees with parse_json");
  if (!obj) {
    fuzz::trace("json_object_body", &obj.error());
    return 0;
  }

  // The generic helpers every api.cpp uses on a decoded body.
  (void)http::reject_unknown_fields(*obj, {"name", "code", "rows"});
  (void)http::required_string(*obj, "name", 100);
  if (auto it = obj->find("name"); it != obj->end() && it->value().is_string()) {
    std::string_view s = it->value().as_string();
    (void)valid_utf8(s);
    (void)utf8_length(s);
  }

  const auto& idx = fuzz::test_index();
  auto v = registry::validate_object(kind, *obj, opt, idx);
  if (!v) {
    fuzz::trace("validate_object", &v.error());
    return 0;
  }
  fuzz::trace("validate_object ok");

  // Idempotence: what validate_object returns is what the store keeps and what a later PATCH
  // merges with, so it must pass validation again unchanged.
  auto again = registry::validate_object(kind, *v, opt, idx);
  LG_FUZZ_CHECK(again.ok(), "a normalised object fails validation");
  LG_FUZZ_CHECK(*again == *v, "validation is not idempotent");

  // CSV export of each value, and its re-import.
  for (const auto& f : kind.fields) {
    if (auto p = v->if_contains(f.name)) {
      std::string text = registry::cell_text(f, *p);
      (void)registry::parse_cell(f, text);
    }
  }

  // Cross-field rules run on complete objects only (after a PATCH is merged).
  if (!opt.partial) {
    registry::Object complete = *v;
    auto st = registry::complete_object(kind, complete, idx);
    fuzz::trace(st ? "complete_object ok" : "complete_object", st ? nullptr : &st.error());
  }
  return 0;
}
