#include "alerts/cap.h"

#include <fmt/format.h>

#include "core/dates.h"

namespace lakeguard::alerts {
namespace {

// Coordinates and radii as the shortest decimal that reads back as the same double.
std::string num(double v) { return fmt::format("{}", v); }

class Writer {
 public:
  void open(std::string_view tag, int depth) { line(depth, fmt::format("<{}>", tag)); }
  void close(std::string_view tag, int depth) { line(depth, fmt::format("</{}>", tag)); }
  void leaf(std::string_view tag, std::string_view text, int depth) {
    line(depth, fmt::format("<{0}>{1}</{0}>", tag, xml_escape(text)));
  }
  void leaf_if(std::string_view tag, std::string_view text, int depth) {
    if (!text.empty()) leaf(tag, text, depth);
  }
  void raw(std::string_view s) { out_ += s; }
  std::string take() { return std::move(out_); }

 private:
  void line(int depth, std::string_view s) {
    out_.append(static_cast<size_t>(depth) * 2, ' ');
    out_ += s;
    out_ += '\n';
  }
  std::string out_;
};

void write_pair(Writer& w, std::string_view tag, const std::pair<std::string, std::string>& p,
                int depth) {
  w.open(tag, depth);
  w.leaf("valueName", p.first, depth + 1);
  w.leaf("value", p.second, depth + 1);
  w.close(tag, depth);
}

void write_info(Writer& w, const CapInfo& i) {
  // CAP 1.2 info sequence: language, category+, event, responseType*, urgency, severity,
  // certainty, audience?, eventCode*, effective?, onset?, expires?, senderName?, headline?,
  // description?, instruction?, web?, contact?, parameter*, resource*, area*.
  w.open("info", 1);
  w.leaf_if("language", i.language, 2);
  for (const auto& c : i.categories) w.leaf("category", c, 2);
  w.leaf("event", i.event, 2);
  w.leaf("urgency", i.urgency, 2);
  w.leaf("severity", i.severity, 2);
  w.leaf("certainty", i.certainty, 2);
  if (i.effective_ms) w.leaf("effective", cap_time(*i.effective_ms), 2);
  if (i.expires_ms) w.leaf("expires", cap_time(*i.expires_ms), 2);
  w.leaf_if("senderName", i.sender_name, 2);
  w.leaf_if("headline", i.headline, 2);
  w.leaf_if("description", i.description, 2);
  w.leaf_if("instruction", i.instruction, 2);
  w.leaf_if("web", i.web, 2);
  for (const auto& p : i.parameters) write_pair(w, "parameter", p, 2);
  for (const auto& a : i.areas) {
    // area sequence: areaDesc, polygon*, circle*, geocode*, altitude?, ceiling?.
    w.open("area", 2);
    w.leaf("areaDesc", a.description, 3);
    for (const auto& r : a.polygons) w.leaf("polygon", cap_polygon(r), 3);
    for (const auto& c : a.circles) w.leaf("circle", cap_circle(c), 3);
    for (const auto& g : a.geocodes) write_pair(w, "geocode", g, 3);
    w.close("area", 2);
  }
  w.close("info", 1);
}

}  // namespace

std::string cap_time(int64_t ms) {
  int64_t local = ms + kShanghaiOffsetMs;
  int64_t day = local >= 0 ? local / kDayMs : -((-local + kDayMs - 1) / kDayMs);
  int64_t secs = (local - day * kDayMs) / 1000;
  return fmt::format("{}T{:02}:{:02}:{:02}+08:00", date_of_days(day), secs / 3600, secs / 60 % 60,
                     secs % 60);
}

std::string xml_escape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&apos;";
        break;
      default:
        if (u < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') break;  // not XML 1.0 (§2.2)
        o.push_back(ch);
    }
  }
  return o;
}

std::string cap_references(const std::vector<CapRef>& refs) {
  std::string o;
  for (const auto& r : refs) {
    if (!o.empty()) o += ' ';
    o += fmt::format("{},{},{}", r.sender, r.identifier, cap_time(r.sent_ms));
  }
  return o;
}

std::string cap_polygon(const Ring& ring) {
  std::string o;
  for (const auto& p : ring) {
    if (!o.empty()) o += ' ';
    o += num(p.lat) + "," + num(p.lon);
  }
  return o;
}

std::string cap_circle(const CapCircle& c) {
  return num(c.lat) + "," + num(c.lon) + " " + num(c.radius_km);
}

std::string render_cap(const CapAlert& a) {
  Writer w;
  w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  w.raw(fmt::format("<alert xmlns=\"{}\">\n", kCapNamespace));
  // alert sequence: identifier, sender, sent, status, msgType, source?, scope, restriction?,
  // addresses?, code*, note?, references?, incidents?, info*.
  w.leaf("identifier", a.identifier, 1);
  w.leaf("sender", a.sender, 1);
  w.leaf("sent", cap_time(a.sent_ms), 1);
  w.leaf("status", a.status, 1);
  w.leaf("msgType", a.msg_type, 1);
  w.leaf("scope", a.scope, 1);
  w.leaf_if("note", a.note, 1);
  if (!a.references.empty()) w.leaf("references", cap_references(a.references), 1);
  for (const auto& i : a.infos) write_info(w, i);
  w.raw("</alert>\n");
  return w.take();
}

}  // namespace lakeguard::alerts
