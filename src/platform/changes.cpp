#include "platform/changes.h"

namespace lakeguard::platform {

void ChangeSet::add(std::string action, std::string entity, std::string entity_id,
                    boost::json::value before, boost::json::value after,
                    std::optional<Event> event) {
  changes_.push_back(Change{AuditRecord{who_, std::move(action), std::move(entity),
                                        std::move(entity_id), std::move(before), std::move(after)},
                            std::move(event)});
}

void ChangeSet::audit_only(db::Connection& c) {
  int64_t now = clock_.now_ms();
  for (const auto& ch : changes_) audit_.record(c, ch.record, now);
}

void ChangeSet::commit(db::Connection& c, db::Transaction& tx) {
  audit_only(c);
  tx.commit();
  if (!events_) return;
  for (auto& ch : changes_)
    if (ch.event) events_->publish(std::move(*ch.event));
  changes_.clear();
}

}  // namespace lakeguard::platform
