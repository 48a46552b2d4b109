#pragma once
// duty's user-facing messages with their zh-CN translations, registered by its module.

#include <span>

#include "core/message.h"

namespace lakeguard::duty {

std::span<const MessageTemplate> messages();

}  // namespace lakeguard::duty
