#pragma once
// The JSON the API shows of incidents, tasks, timeline events, activations and receipts. Pure.

#include <boost/json.hpp>

#include "incidents/escalation.h"
#include "incidents/model.h"

namespace lakeguard::incidents {

boost::json::object to_json(const Incident& i);
boost::json::object to_json(const Task& t);
boost::json::object to_json(const TimelineEvent& e);
boost::json::object to_json(const Activation& a);
boost::json::object to_json(const Receipt& r);
boost::json::object to_json(const Escalation& e);
boost::json::object to_json(const ResourceRequest& q);
boost::json::object to_json(const Finding& f);
boost::json::object to_json(const Review& r);

}  // namespace lakeguard::incidents
