#pragma once
// codes: the safety codes of 一码一指数 (PRODUCT.md F4). An enterprise safety code (企业安全码)
// shows the colour of the enterprise's current risk, raised by hard rules such as "red while a
// 重大 hidden danger is overdue"; a personnel code (人员安全码) shows whether a special-operations
// worker (特种作业人员, 《特种作业人员安全技术培训考核管理规定》国家安监总局令第30号) may work:
// a valid certificate not expiring within 30 days, training recorded, no open violation. Each
// code has an unguessable token; its QR image encodes the URL of a public page that shows only
// what is safe to show (name, colour, valid-until). docs/codes.md has the rules and the choices.
// Plain types only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"

namespace lakeguard::codes {

// Enterprise codes use the four colours of the risk map (四色, red > orange > yellow > blue);
// personnel codes the three of a pass (red > yellow > green). Ordered from least to most severe.
enum class Colour { kGreen, kBlue, kYellow, kOrange, kRed };
std::string_view colour_name(Colour c);   // "green", "blue", "yellow", "orange", "red"
std::string_view colour_label(Colour c);  // 绿, 蓝, 黄, 橙, 红
std::optional<Colour> parse_colour(std::string_view s);

enum class Subject { kEnterprise, kWorker };
std::string_view subject_name(Subject s);  // "enterprise", "worker"

// Why a code has its colour: one entry per rule that applied, in the order they were checked.
struct Reason {
  std::string rule;  // stable name, e.g. "major_hazard_overdue"
  Colour colour = Colour::kGreen;
  // What the rule found: a count, a date or a colour name ("" when the rule says it all).
  std::string value;
  bool operator==(const Reason&) const = default;
};

struct Verdict {
  Colour colour = Colour::kGreen;
  std::vector<Reason> reasons;
};

// What the enterprise code is computed from.
struct EnterpriseFacts {
  // The colour of the enterprise risk index, when the risk context provides one.
  std::optional<Colour> index_colour;
  int64_t open_major = 0;       // open (not closed) 重大 hidden dangers
  int64_t overdue_major = 0;    // of them, past their deadline
  int64_t overdue_general = 0;  // open 一般 hidden dangers past their deadline
};

// A special-operations worker as the code sees them (dates are Asia/Shanghai YYYY-MM-DD).
struct WorkerFacts {
  std::string certificate_valid_until;
  std::optional<std::string> trained_on;  // the last recorded safety training
  bool open_violation = false;
};

// A special-operations worker (特种作业人员). The certificate number is a personal identifier:
// it is kept for officers and never shown on the public page.
struct Worker {
  int64_t id = 0;
  int64_t enterprise_id = 0;
  std::string town_code;  // the enterprise's, for scope
  std::string community_code;
  std::string name;
  std::string category;  // 作业类别, one of kOperationCategories
  std::string certificate_no;
  std::string certificate_valid_until;
  std::optional<std::string> trained_on;
  bool open_violation = false;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t version = 1;
};

// 特种作业目录 (总局令第30号 附件, as amended by 第80号令): the eleven categories.
inline constexpr std::string_view kOperationCategories[] = {"电工作业",
                                                            "焊接与热切割作业",
                                                            "高处作业",
                                                            "制冷与空调作业",
                                                            "煤矿安全作业",
                                                            "金属非金属矿山安全作业",
                                                            "石油天然气安全作业",
                                                            "冶金（有色）生产安全作业",
                                                            "危险化学品安全作业",
                                                            "烟花爆竹安全作业",
                                                            "应急管理部认定的其他作业"};

// A code: its subject and its token (32 lowercase hex characters from 16 random bytes).
struct Code {
  int64_t id = 0;
  Subject subject = Subject::kEnterprise;
  int64_t subject_id = 0;
  std::string token;
  int64_t enterprise_id = 0;  // the enterprise itself, or the worker's
  std::string town_code;
  std::string community_code;
  std::optional<int64_t> claimed_at_ms;
  std::optional<int64_t> claimed_by;
  std::string claimed_by_name;
  int64_t created_at_ms = 0;
};

// Scope columns of workers and codes: where their enterprise is.
inline constexpr ScopeColumns kScopeColumns = {
    .town = "town_code", .community = "community_code", .enterprise = "enterprise_id"};

}  // namespace lakeguard::codes
