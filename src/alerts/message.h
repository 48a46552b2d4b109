#pragma once
// A warning as a CAP 1.2 message (cap.h): the zh-CN info (and an en-US one when the warning has
// English text), the colour as parameters, the area as polygons or a circle in CAP's lat,lon
// order with the division code as geocode. Pure.
//
// Parameters (docs/alerts.md): `warning_colour` = red | orange | yellow | blue in every info, and
// `预警颜色` = 红色 | 橙色 | 黄色 | 蓝色 in the zh-CN info. Geocode: valueName `GB/T 2260`, value
// the town's 9-digit code, or the district's 6-digit code for a district-wide warning.

#include <array>
#include <string>
#include <vector>

#include "alerts/cap.h"
#include "alerts/model.h"

namespace lakeguard::alerts {

inline constexpr std::string_view kColourParameter = "warning_colour";
inline constexpr std::string_view kColourParameterZh = "预警颜色";
inline constexpr std::string_view kGeocodeName = "GB/T 2260";

// What the message needs beyond the warning: the issuing body's names and the district code.
struct Issuer {
  std::string sender;                // CAP sender (no spaces, commas or < &)
  std::string sender_name;           // zh-CN senderName (发布单位)
  std::string sender_name_en;        // en-US senderName
  std::string area_code = "330106";  // the district (geocode of a district-wide warning)
};

// The default CAP severity of each colour, indexed by Colour: blue Minor, yellow Moderate,
// orange Severe, red Extreme — a project design choice, not a standard (standards.md §10);
// configurable through AlertsOptions.
using SeverityMap = std::array<std::string, 4>;
SeverityMap default_severities();

// The CAP message of warning w with identifier, sender, sent and references as given (the
// warning's own fields are used for the rest). A Cancel carries w's content and its note.
CapAlert to_cap(const Warning& w, const Issuer& issuer, const std::string& identifier,
                int64_t sent_ms, const std::vector<CapRef>& references);

}  // namespace lakeguard::alerts
