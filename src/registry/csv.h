#pragma once
// CSV in and out (RFC 4180), pure. Exports are UTF-8 with a BOM so Excel on Chinese Windows reads
// them (API-CONVENTIONS.md "Files"); imports accept UTF-8 with or without BOM, and GB18030 when
// the caller declares it.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lakeguard::registry {

using CsvTable = std::vector<std::vector<std::string>>;

// Parses CSV text. Fails (bad_request, with the line) on an unterminated quote or invalid UTF-8.
// Empty trailing lines are dropped. `max_rows` bounds the rows read (payload_too_large beyond).
Result<CsvTable> parse_csv(std::string_view text, size_t max_rows);

// Converts GB18030 text to UTF-8; bad_request when it is not valid GB18030.
Result<std::string> gb18030_to_utf8(std::string_view text);

// One CSV line (with CRLF). Cells that a spreadsheet would run as a formula ('=', '+', '-', '@',
// tab, CR at the start; a plain negative number is left alone) are prefixed with a single quote
// (CSV injection, OWASP).
std::string csv_line(const std::vector<std::string>& cells);

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace lakeguard::registry
