#include "alerts/atom.h"

#include <fmt/format.h>

#include "alerts/cap.h"

namespace lakeguard::alerts {

std::string render_atom(const std::vector<Warning>& current, const Issuer& issuer,
                        const std::string& base, int64_t now_ms) {
  int64_t updated = now_ms;
  if (!current.empty()) {
    updated = 0;
    for (const auto& w : current) updated = std::max(updated, w.sent_ms.value_or(0));
  }
  std::string self = xml_escape(base + "/public/alerts.atom");
  std::string o;
  o += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n";
  o += fmt::format("  <id>{}</id>\n", self);
  o += fmt::format("  <title>{}</title>\n", xml_escape(issuer.sender_name + " 预警信息"));
  o += fmt::format("  <updated>{}</updated>\n", cap_time(updated));
  o += fmt::format("  <author><name>{}</name></author>\n", xml_escape(issuer.sender_name));
  o += fmt::format("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", self);
  for (const auto& w : current) {
    const Content& c = w.content;
    o += "  <entry>\n";
    o += fmt::format("    <id>urn:cap:{}</id>\n", xml_escape(w.identifier));
    std::string title = c.headline;
    if (w.msg_type == MsgType::kCancel) title = "【解除 Cancel】" + title;
    o += fmt::format("    <title>{}</title>\n", xml_escape(title));
    o += fmt::format("    <updated>{}</updated>\n", cap_time(w.sent_ms.value_or(now_ms)));
    o += fmt::format("    <summary>{}</summary>\n", xml_escape(c.description));
    o += fmt::format("    <category term=\"{}\" label=\"{}\"/>\n", colour_name(c.colour),
                     colour_zh(c.colour));
    o += fmt::format("    <link rel=\"alternate\" type=\"application/cap+xml\" href=\"{}\"/>\n",
                     xml_escape(base + "/public/alerts/" + w.identifier + ".xml"));
    o += "  </entry>\n";
  }
  o += "</feed>\n";
  return o;
}

}  // namespace lakeguard::alerts
