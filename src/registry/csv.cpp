#include "registry/csv.h"

#include <fmt/format.h>
#include <iconv.h>

#include "core/text.h"

namespace lakeguard::registry {
Result<CsvTable> parse_csv(std::string_view text, size_t max_rows) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  if (!valid_utf8(text))
    return Error::bad_request(
        "The CSV file is not UTF-8; save it as UTF-8 or add ?charset=gb18030.");
  CsvTable rows;
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false, cell_started = false;
  size_t line = 1, quote_line = 0;
  auto end_row = [&]() -> bool {
    row.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
    bool blank = row.size() == 1 && row[0].empty();
    if (!blank) rows.push_back(std::move(row));
    row.clear();
    return rows.size() <= max_rows + 1;  // + header
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      in_quotes = true;
      cell_started = true;
      quote_line = line;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      cell_started = false;
    } else if (c == '\r') {
      // CRLF or lone CR ends a line.
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      if (!end_row())
        return Error{ErrorCode::kPayloadTooLarge,
                     fmt::format("The file has more than {} rows; split it.", max_rows), ""};
    } else if (c == '\n') {
      ++line;
      if (!end_row())
        return Error{ErrorCode::kPayloadTooLarge,
                     fmt::format("The file has more than {} rows; split it.", max_rows), ""};
    } else {
      cell.push_back(c);
      cell_started = true;
    }
  }
  if (in_quotes)
    return Error::bad_request(
        fmt::format("The CSV has an unterminated quoted cell starting on line {}.", quote_line));
  if (!cell.empty() || !row.empty()) {
    if (!end_row())
      return Error{ErrorCode::kPayloadTooLarge,
                   fmt::format("The file has more than {} rows; split it.", max_rows), ""};
  }
  return rows;
}

Result<std::string> gb18030_to_utf8(std::string_view text) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return Error::bad_request("GB18030 is not supported.");
  std::string out(text.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(text.data());
  size_t in_left = text.size();
  char* o = out.data();
  size_t out_left = out.size();
  size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1) || in_left != 0)
    return Error::bad_request("The file is not valid GB18030 text.");
  out.resize(out.size() - out_left);
  return out;
}

namespace {

bool plain_negative_number(std::string_view v) {
  // -digits[.digits]: what the CSV export writes for a negative number (core/decimal.h).
  if (v.size() < 2 || v[0] != '-') return false;
  size_t dot = v.find('.');
  auto digits = [](std::string_view d) {
    return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (dot == std::string_view::npos) return digits(v.substr(1));
  return digits(v.substr(1, dot - 1)) && digits(v.substr(dot + 1));
}

// True when a spreadsheet would run v (after the apostrophes it starts with) as a formula.
bool needs_guard(std::string_view v) {
  size_t i = v.find_first_not_of('\'');
  if (i == std::string_view::npos) return false;
  std::string_view rest = v.substr(i);
  switch (rest[0]) {
    case '=':
    case '+':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '-':
      return !plain_negative_number(rest);
    default:
      return false;
  }
}

}  // namespace

std::string csv_guard(std::string_view value) {
  if (!needs_guard(value)) return std::string(value);
  std::string out;
  out.reserve(value.size() + 1);
  out.push_back('\'');
  out += value;
  return out;
}

std::string csv_unguard(std::string_view cell) {
  if (cell.empty() || cell[0] != '\'' || !needs_guard(cell)) return std::string(cell);
  return std::string(cell.substr(1));
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out.push_back(',');
    std::string v = csv_guard(cells[i]);
    bool quote = v.find_first_of(",\"\r\n") != std::string::npos;
    if (quote) {
      out.push_back('"');
      for (char c : v) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
      }
      out.push_back('"');
    } else {
      out += v;
    }
  }
  out += "\r\n";
  return out;
}

}  // namespace lakeguard::registry
