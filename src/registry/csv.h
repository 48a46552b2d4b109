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

// The formula guard (CSV injection, OWASP "CSV Injection"): a spreadsheet runs a cell that
// starts with '=', '+', '-', '@', TAB or CR as a formula, so such a value is exported with one
// apostrophe in front (=1+1 is written '=1+1), which Excel and LibreOffice show as text. The
// trigger is looked for after the apostrophes a value itself starts with, so a value beginning
// '= is written ''= and reads back as itself. A plain negative number (-5, -2.5) is no formula
// and is written as it is.
std::string csv_guard(std::string_view value);
// The inverse on import: removes exactly the one apostrophe csv_guard adds (only when the cell
// starts with apostrophes followed by a trigger), so csv_unguard(csv_guard(x)) == x for every x —
// "+86 571 8888 0000" exports as "'+86 571 8888 0000" and imports as the phone number again.
std::string csv_unguard(std::string_view cell);

// One CSV line (with CRLF): each cell csv_guard()ed, and quoted when it holds ',', '"', CR or LF.
std::string csv_line(const std::vector<std::string>& cells);

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace lakeguard::registry
