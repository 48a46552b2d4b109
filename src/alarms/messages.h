#pragma once
// The alarms context's user-facing messages with their zh-CN translations (core/message.h).

#include <span>

#include "core/message.h"

namespace lakeguard::alarms {

std::span<const MessageTemplate> messages();

}  // namespace lakeguard::alarms
