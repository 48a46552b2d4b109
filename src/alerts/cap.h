#pragma once
// The OASIS Common Alerting Protocol 1.2 XML writer (CAP 1.2, OASIS Standard 2010; schema
// urn:oasis:names:tc:emergency:cap:1.2, shipped as tests/unit/alerts/CAP-v1.2.xsd). A message is
// plain data here; render_cap() writes the elements in the schema's sequence order, escapes every
// text, and formats times as CAP requires (§3.3.2: "2026-12-07T17:20:00+08:00", an explicit
// offset, never "Z"). Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.h"

namespace lakeguard::alerts {

inline constexpr std::string_view kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

// The closed sets of CAP 1.2 §3.2 that lakeguard writes (as CAP spells them).
inline constexpr std::string_view kCapStatuses[] = {"Actual", "Exercise", "Test"};
inline constexpr std::string_view kCapCategories[] = {"Geo",       "Met",   "Safety", "Security",
                                                      "Rescue",    "Fire",  "Health", "Env",
                                                      "Transport", "Infra", "CBRNE",  "Other"};
inline constexpr std::string_view kCapUrgencies[] = {"Immediate", "Expected", "Future", "Past",
                                                     "Unknown"};
inline constexpr std::string_view kCapSeverities[] = {"Extreme", "Severe", "Moderate", "Minor",
                                                      "Unknown"};
inline constexpr std::string_view kCapCertainties[] = {"Observed", "Likely", "Possible", "Unlikely",
                                                       "Unknown"};

// An earlier message a message refers to (§3.2.1 references: "sender,identifier,sent").
struct CapRef {
  std::string sender;
  std::string identifier;
  int64_t sent_ms = 0;
};

// §3.2.4 circle: a centre and a radius in kilometres.
struct CapCircle {
  double lat = 0;
  double lon = 0;
  double radius_km = 0;
};

struct CapArea {
  std::string description;     // areaDesc
  std::vector<Ring> polygons;  // each closed (first = last), at least 4 positions, lon/lat
  std::vector<CapCircle> circles;
  std::vector<std::pair<std::string, std::string>> geocodes;  // valueName, value
};

struct CapInfo {
  std::string language;  // RFC 3066: "zh-CN", "en-US"
  std::vector<std::string> categories;
  std::string event;
  std::string urgency;
  std::string severity;
  std::string certainty;
  std::optional<int64_t> effective_ms;
  std::optional<int64_t> expires_ms;
  std::string sender_name;
  std::string headline;
  std::string description;
  std::string instruction;
  std::string web;
  std::vector<std::pair<std::string, std::string>> parameters;  // valueName, value
  std::vector<CapArea> areas;
};

struct CapAlert {
  std::string identifier;
  std::string sender;
  int64_t sent_ms = 0;
  std::string status = "Actual";
  std::string msg_type = "Alert";  // Alert | Update | Cancel
  std::string scope = "Public";
  std::string note;
  std::vector<CapRef> references;
  std::vector<CapInfo> infos;
};

// "2026-12-07T17:20:00+08:00": the instant in Beijing time (UTC+8), seconds precision.
std::string cap_time(int64_t ms);
// XML character data / attribute value: & < > " ' escaped; characters XML 1.0 does not allow
// (C0 controls other than tab, line feed and carriage return) dropped.
std::string xml_escape(std::string_view s);
// §3.2.1 references: "sender,identifier,sent" per message, separated by spaces.
std::string cap_references(const std::vector<CapRef>& refs);
// §3.2.4 polygon: "lat,lon lat,lon …" (CAP's latitude-first order).
std::string cap_polygon(const Ring& ring);
// §3.2.4 circle: "lat,lon radius_km".
std::string cap_circle(const CapCircle& c);
// The whole document, UTF-8, with the XML declaration and a final newline.
std::string render_cap(const CapAlert& a);

}  // namespace lakeguard::alerts
