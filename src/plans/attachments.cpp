#include "plans/attachments.h"

#include <fmt/format.h>

#include "core/text.h"

namespace lakeguard::plans {

Result<std::string> sniff_attachment(std::string_view bytes, int64_t max_bytes) {
  if (static_cast<int64_t>(bytes.size()) > max_bytes)
    return Error{ErrorCode::kPayloadTooLarge,
                 fmt::format("An attachment may be at most {} bytes.", max_bytes),
                 {}};
  if (bytes.empty()) return Error::validation("body", "The attachment is empty.");
  if (bytes.substr(0, 5) == "%PDF-") return std::string(kPdfType);
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4) &&
      bytes.find("word/") != std::string_view::npos)
    return std::string(kDocxType);
  return Error{ErrorCode::kUnsupportedMediaType,
               "An attachment must be a PDF or a DOCX document (checked by its content).",
               {}};
}

Result<std::string> clean_filename(std::string_view raw) {
  auto slash = raw.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? raw : raw.substr(slash + 1);
  auto b = base.find_first_not_of(" \t");
  auto e = base.find_last_not_of(" \t");
  std::string name =
      b == std::string_view::npos ? std::string() : std::string(base.substr(b, e - b + 1));
  if (name.empty() || name == "." || name == "..")
    return Error::validation("filename", "'filename' is required.");
  if (find_forbidden_char(name))
    return Error::validation("filename",
                             "'filename' must not contain control or formatting characters.");
  if (utf8_length(name) > kMaxFilenameChars)
    return Error::validation(
        "filename", fmt::format("'filename' is longer than {} characters.", kMaxFilenameChars));
  return name;
}

}  // namespace lakeguard::plans
