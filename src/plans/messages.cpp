#include "plans/messages.h"

namespace lakeguard::plans {
namespace {

// plans' messages: English templates exactly as the sources write them (fmt's `{…}` fields as
// `{}`), and their zh-CN translations (http/messages.h). Generic ones ("'{}' is required.") are
// the platform's (src/http/messages.cpp). scripts/check-messages reads the entries between the
// markers: keep each one a {"English", "中文"} pair of string literals.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    {"Your role may not {} plans.", "您的角色无权对预案执行 '{}'。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::plans
