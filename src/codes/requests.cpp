#include "codes/requests.h"

#include <fmt/format.h>

#include <initializer_list>

#include "core/dates.h"
#include "core/text.h"

namespace lakeguard::codes {
namespace {

namespace json = boost::json;

Error bad(std::string_view field, std::string msg) {
  return Error::validation(std::string(field), std::move(msg));
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

Result<std::string> text(const json::value& v, std::string_view key, size_t max_chars) {
  if (!v.is_string()) return bad(key, fmt::format("'{}' must be a string.", key));
  std::string s = trim(v.as_string());
  if (s.empty()) return bad(key, fmt::format("'{}' is required.", key));
  if (!valid_utf8(s)) return bad(key, fmt::format("'{}' is not valid UTF-8.", key));
  if (find_forbidden_char(s))
    return bad(key, fmt::format("'{}' contains a control or invisible formatting character.", key));
  if (utf8_length(s) > max_chars)
    return bad(key, fmt::format("'{}' is longer than {} characters.", key, max_chars));
  return s;
}

Result<std::string> date(const json::value& v, std::string_view key) {
  if (!v.is_string() || !parse_date(v.as_string()))
    return bad(key, fmt::format("'{}' must be a date (YYYY-MM-DD).", key));
  return std::string(v.as_string());
}

}  // namespace

Result<Worker> parse_worker(const json::object& body, bool partial, const Worker& base,
                            std::string_view today) {
  static constexpr std::string_view kFields[] = {"name",           "category",
                                                 "certificate_no", "certificate_valid_until",
                                                 "trained_on",     "open_violation"};
  for (const auto& kv : body) {
    bool known = false;
    for (auto a : kFields) known = known || a == kv.key();
    if (!known)
      return bad(kv.key(), fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
  }
  if (!partial)
    for (std::string_view k : {"name", "category", "certificate_no", "certificate_valid_until"})
      if (!body.contains(k)) return bad(k, fmt::format("'{}' is required.", k));

  Worker w = base;
  if (auto v = body.if_contains("name")) {
    LG_TRY_ASSIGN(w.name, text(*v, "name", kMaxWorkerNameChars));
  }
  if (auto v = body.if_contains("category")) {
    LG_TRY_ASSIGN(std::string c, text(*v, "category", 40));
    bool known = false;
    for (auto k : kOperationCategories) known = known || k == c;
    if (!known)
      return bad("category",
                 "'category' must be one of the eleven categories of the "
                 "special-operations catalogue (特种作业目录).");
    w.category = std::move(c);
  }
  if (auto v = body.if_contains("certificate_no")) {
    LG_TRY_ASSIGN(std::string c, text(*v, "certificate_no", kMaxCertificateChars));
    bool ok = c.size() >= 4;
    for (char ch : c)
      ok = ok && ((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= 'a' && ch <= 'z') || ch == '-');
    if (!ok)
      return bad("certificate_no", "'certificate_no' must be 4 to 40 letters, digits or '-'.");
    for (auto& ch : c)
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    w.certificate_no = std::move(c);
  }
  if (auto v = body.if_contains("certificate_valid_until")) {
    LG_TRY_ASSIGN(w.certificate_valid_until, date(*v, "certificate_valid_until"));
  }
  if (auto v = body.if_contains("trained_on")) {
    if (v->is_null()) {
      w.trained_on.reset();
    } else {
      LG_TRY_ASSIGN(std::string d, date(*v, "trained_on"));
      if (d > today) return bad("trained_on", "'trained_on' may not lie in the future.");
      w.trained_on = std::move(d);
    }
  }
  if (auto v = body.if_contains("open_violation")) {
    if (!v->is_bool()) return bad("open_violation", "'open_violation' must be true or false.");
    w.open_violation = v->as_bool();
  }
  return w;
}

}  // namespace lakeguard::codes
