#include "alerts/message.h"

namespace lakeguard::alerts {
namespace {

CapArea area_of(const Content& c, const std::string& description, const Issuer& issuer) {
  CapArea a;
  a.description = description;
  a.polygons = c.polygons;
  if (c.circle)
    a.circles.push_back(CapCircle{c.circle->lat, c.circle->lon, c.circle->radius_m / 1000.0});
  a.geocodes.emplace_back(std::string(kGeocodeName),
                          c.town_code.empty() ? issuer.area_code : c.town_code);
  return a;
}

}  // namespace

SeverityMap default_severities() { return {"Minor", "Moderate", "Severe", "Extreme"}; }

CapAlert to_cap(const Warning& w, const Issuer& issuer, const std::string& identifier,
                int64_t sent_ms, const std::vector<CapRef>& references) {
  const Content& c = w.content;
  CapAlert a;
  a.identifier = identifier;
  a.sender = issuer.sender;
  a.sent_ms = sent_ms;
  a.status = c.cap_status;
  a.msg_type = std::string(msg_type_name(w.msg_type));
  a.scope = "Public";
  a.note = c.note;
  a.references = references;

  CapInfo zh;
  zh.language = "zh-CN";
  zh.categories = {c.category};
  zh.event = c.event;
  zh.urgency = c.urgency;
  zh.severity = c.severity;
  zh.certainty = c.certainty;
  zh.effective_ms = c.effective_ms;
  zh.expires_ms = c.expires_ms;
  zh.sender_name = issuer.sender_name;
  zh.headline = c.headline;
  zh.description = c.description;
  zh.instruction = c.instruction;
  zh.parameters = {{std::string(kColourParameter), std::string(colour_name(c.colour))},
                   {std::string(kColourParameterZh), std::string(colour_zh(c.colour))}};
  zh.areas = {area_of(c, c.area_description, issuer)};
  a.infos.push_back(std::move(zh));

  if (!c.en_headline.empty()) {
    CapInfo en;
    en.language = "en-US";
    en.categories = {c.category};
    en.event = c.en_event.empty() ? c.event : c.en_event;
    en.urgency = c.urgency;
    en.severity = c.severity;
    en.certainty = c.certainty;
    en.effective_ms = c.effective_ms;
    en.expires_ms = c.expires_ms;
    en.sender_name = issuer.sender_name_en.empty() ? issuer.sender_name : issuer.sender_name_en;
    en.headline = c.en_headline;
    en.description = c.en_description;
    en.instruction = c.en_instruction;
    en.parameters = {{std::string(kColourParameter), std::string(colour_name(c.colour))}};
    en.areas = {area_of(
        c, c.en_area_description.empty() ? c.area_description : c.en_area_description, issuer)};
    a.infos.push_back(std::move(en));
  }
  return a;
}

}  // namespace lakeguard::alerts
