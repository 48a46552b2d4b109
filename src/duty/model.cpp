#include "duty/model.h"

namespace lakeguard::duty {

std::string_view duty_role_name(DutyRole r) {
  switch (r) {
    case DutyRole::kLeader:
      return "leader";
    case DutyRole::kOfficer:
      return "officer";
    case DutyRole::kStandby:
      return "standby";
  }
  return "officer";
}

std::string_view duty_role_label(DutyRole r) {
  switch (r) {
    case DutyRole::kLeader:
      return "带班领导";
    case DutyRole::kOfficer:
      return "值班员";
    case DutyRole::kStandby:
      return "备班";
  }
  return "值班员";
}

std::optional<DutyRole> parse_duty_role(std::string_view s) {
  for (DutyRole r : {DutyRole::kLeader, DutyRole::kOfficer, DutyRole::kStandby})
    if (duty_role_name(r) == s) return r;
  return std::nullopt;
}

std::string_view handover_state_name(HandoverState s) {
  return s == HandoverState::kAcknowledged ? "acknowledged" : "written";
}

std::string_view log_kind_name(LogKind k) {
  switch (k) {
    case LogKind::kReport:
      return "report";
    case LogKind::kHandling:
      return "handling";
    case LogKind::kAssignment:
      return "assignment";
    case LogKind::kOther:
      return "other";
  }
  return "other";
}

std::string_view log_kind_label(LogKind k) {
  switch (k) {
    case LogKind::kReport:
      return "接报";
    case LogKind::kHandling:
      return "处置";
    case LogKind::kAssignment:
      return "交办";
    case LogKind::kOther:
      return "其他";
  }
  return "其他";
}

std::optional<LogKind> parse_log_kind(std::string_view s) {
  for (LogKind k : {LogKind::kReport, LogKind::kHandling, LogKind::kAssignment, LogKind::kOther})
    if (log_kind_name(k) == s) return k;
  return std::nullopt;
}

}  // namespace lakeguard::duty
