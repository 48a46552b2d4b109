#pragma once
// inspections' user-facing messages with their zh-CN translations (http/messages.h).

#include <span>

#include "core/message.h"

namespace lakeguard::inspections {

std::span<const MessageTemplate> messages();

}  // namespace lakeguard::inspections
