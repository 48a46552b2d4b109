#pragma once
// incidents' user-facing messages with their zh-CN translations, registered with the platform's
// catalog by its module (errors are written in English where they are made; http/messages.h).

#include <span>

#include "core/message.h"

namespace lakeguard::incidents {

std::span<const MessageTemplate> messages();

}  // namespace lakeguard::incidents
