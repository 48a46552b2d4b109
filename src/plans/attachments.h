#pragma once
// What an uploaded plan attachment is, by its bytes (never by its name or the client's
// Content-Type): PDF starts with `%PDF-` (ISO 32000-1 §7.5.2), DOCX is a ZIP (local file header
// `PK\x03\x04`, APPNOTE §4.3.7) holding a `word/` part (ECMA-376 Part 1: the main document part
// word/document.xml). Pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lakeguard::plans {

inline constexpr std::string_view kPdfType = "application/pdf";
inline constexpr std::string_view kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
inline constexpr size_t kMaxFilenameChars = 200;

// The media type of `bytes`: payload_too_large over max_bytes, validation_failed when empty,
// unsupported_media_type when neither PDF nor DOCX.
Result<std::string> sniff_attachment(std::string_view bytes, int64_t max_bytes);

// A file name as stored: trimmed, no path (the part after the last / or \), no controls, at most
// kMaxFilenameChars; validation_failed (field `filename`) otherwise.
Result<std::string> clean_filename(std::string_view raw);

}  // namespace lakeguard::plans
