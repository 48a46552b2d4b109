#include "codes/rules.h"

#include "core/dates.h"
#include "core/text.h"

namespace lakeguard::codes {
namespace {

void raise(Verdict& v, Colour c, std::string rule, std::string value) {
  v.reasons.push_back(Reason{std::move(rule), c, std::move(value)});
  if (c > v.colour) v.colour = c;
}

}  // namespace

std::string_view colour_name(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return "green";
    case Colour::kBlue:
      return "blue";
    case Colour::kYellow:
      return "yellow";
    case Colour::kOrange:
      return "orange";
    case Colour::kRed:
      return "red";
  }
  return "red";
}

std::string_view colour_label(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return "绿";
    case Colour::kBlue:
      return "蓝";
    case Colour::kYellow:
      return "黄";
    case Colour::kOrange:
      return "橙";
    case Colour::kRed:
      return "红";
  }
  return "红";
}

std::optional<Colour> parse_colour(std::string_view s) {
  for (Colour c : {Colour::kGreen, Colour::kBlue, Colour::kYellow, Colour::kOrange, Colour::kRed})
    if (s == colour_name(c)) return c;
  return std::nullopt;
}

std::string_view subject_name(Subject s) {
  return s == Subject::kEnterprise ? "enterprise" : "worker";
}

std::optional<Colour> index_colour(std::string_view name) {
  auto c = parse_colour(name);
  if (!c || *c == Colour::kGreen) return std::nullopt;  // the index has no green
  return c;
}

Verdict enterprise_verdict(const EnterpriseFacts& f) {
  Verdict v;
  v.colour = Colour::kBlue;
  if (f.index_colour)
    raise(v, *f.index_colour, "risk_index", std::string(colour_name(*f.index_colour)));
  else
    v.reasons.push_back(Reason{"no_risk_index", Colour::kBlue, ""});
  if (f.overdue_major > 0)
    raise(v, Colour::kRed, "major_hazard_overdue", std::to_string(f.overdue_major));
  if (f.open_major > f.overdue_major)
    raise(v, Colour::kOrange, "major_hazard_open", std::to_string(f.open_major - f.overdue_major));
  if (f.overdue_general > 0)
    raise(v, Colour::kYellow, "general_hazard_overdue", std::to_string(f.overdue_general));
  return v;
}

Verdict worker_verdict(const WorkerFacts& f, std::string_view today) {
  Verdict v;
  v.colour = Colour::kGreen;
  const int64_t now = parse_date(today).value_or(0);
  const int64_t until = parse_date(f.certificate_valid_until).value_or(0);
  // 30号令 第二十一条: the certificate is valid for six years, reviewed every three; a worker may
  // not work once it has lapsed. Valid through its last day.
  if (until < now)
    raise(v, Colour::kRed, "certificate_expired", f.certificate_valid_until);
  else if (until - now <= kExpiryWarningDays)
    raise(v, Colour::kYellow, "certificate_expiring", f.certificate_valid_until);
  if (f.open_violation) raise(v, Colour::kRed, "open_violation", "");
  if (!f.trained_on) raise(v, Colour::kYellow, "training_missing", "");
  return v;
}

std::string masked_name(std::string_view name) {
  // UTF-8: keep the first code point, one * for each further one.
  std::string out;
  size_t i = 0;
  int points = 0;
  while (i < name.size()) {
    auto c = static_cast<unsigned char>(name[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 1;
    if (points == 0)
      out.append(name.substr(i, len));
    else
      out.push_back('*');
    ++points;
    i += len;
  }
  return out;
}

}  // namespace lakeguard::codes
