#pragma once
// codes' user-facing messages with their zh-CN translations, registered by its module.

#include <span>

#include "core/message.h"

namespace lakeguard::codes {

std::span<const MessageTemplate> messages();

}  // namespace lakeguard::codes
