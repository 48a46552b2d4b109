#pragma once
// A user-facing message template and its translation: the unit of the message catalogs that each
// context keeps beside its code (src/<context>/messages.cpp) and http/messages.h matches.

#include <string_view>

namespace lakeguard {

// An English message template exactly as the sources write it, `{}` where a value is inserted,
// and its zh-CN translation, which inserts the same values with `{}` in the same order or `{0}`,
// `{1}`, … in any order.
struct MessageTemplate {
  std::string_view en;
  std::string_view zh_cn;
};

}  // namespace lakeguard
