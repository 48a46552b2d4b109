#pragma once
// Hidden-danger photos, pure: what an upload is, by its bytes (JPEG, PNG or WebP by their magic
// numbers, never by a declared type or a file name), its content hash (lowercase hex SHA-256 of
// the bytes: the photo's name and what makes a repeated upload the same photo) and the base64
// text it is stored as (docs/hazards.md "Photos"; issue 10 item 1).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lakeguard::hazards {

// The media type the bytes are, by their signature: "image/jpeg" (FF D8 FF), "image/png" (the
// 8-byte PNG signature, then an IHDR chunk), "image/webp" ("RIFF" size "WEBP" and a VP8, VP8L
// or VP8X chunk); nullopt for anything else (text named .jpg, GIF, SVG, PDF, a truncated header).
std::optional<std::string_view> sniff_image(std::string_view bytes);

// Whether a declared Content-Type may carry a photo: one of the three image types or
// application/octet-stream (the bytes decide which it is).
bool photo_content_type_accepted(std::string_view media_type);

// Lowercase hex SHA-256 of the bytes (FIPS 180-4).
std::string photo_hash(std::string_view bytes);
// Whether s is 64 lowercase hex characters (a photo's hash as the API names it).
bool is_photo_hash(std::string_view s);

// Standard base64 (RFC 4648 §4, padded).
std::string base64_encode(std::string_view bytes);
// nullopt when s is not padded standard base64.
std::optional<std::string> base64_decode(std::string_view s);

}  // namespace lakeguard::hazards
