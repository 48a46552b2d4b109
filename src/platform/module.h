#pragma once
// The seam every context plugs into (docs/contexts.md, decision 0007). A context is a module: it
// builds its services from Deps, then registers its routes (through http::Api), its OpenAPI
// schemas, its message catalog, its live topics with their scope filters and the permissions it
// reports to the console. app.cpp adds a context with one line, `add(xyz::make_module(deps_))`,
// and knows nothing else of it.

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/events.h"
#include "core/principal.h"
#include "core/telemetry.h"
#include "db/database.h"
#include "http/api.h"
#include "http/live.h"
#include "http/messages.h"

namespace lakeguard::platform {

class AuditSink;
class EventBus;

// Other contexts' services, by type: a context publishes its facade (its service.h) here when it
// is built, and later contexts take what they use. Filled at start-up, read-only afterwards.
class Services {
 public:
  template <class T>
  void provide(T& service) {
    by_type_[std::type_index(typeid(T))] = &service;
  }
  // REQUIRES: a context built earlier provided T (a wiring order bug otherwise: throws).
  template <class T>
  T& get() const {
    auto it = by_type_.find(std::type_index(typeid(T)));
    if (it == by_type_.end())
      throw std::logic_error(std::string("no service ") + typeid(T).name() + " (wiring order)");
    return *static_cast<T*>(it->second);
  }
  // The service T if a context provided it, else null (for an optional collaborator).
  template <class T>
  T* find() const {
    auto it = by_type_.find(std::type_index(typeid(T)));
    return it == by_type_.end() ? nullptr : static_cast<T*>(it->second);
  }

 private:
  std::unordered_map<std::type_index, void*> by_type_;
};

// What every context is given. Outlives every module.
struct Deps {
  db::Database& db;
  const Clock& clock;
  EventSink& events;              // live updates, after commit
  http::LiveHub* live = nullptr;  // the live hub itself (e.g. to end a logged-out user's sockets)
  // The fan-out `events` goes through, to react to other contexts' events (platform/event_bus.h);
  // null when there is none (then nothing is subscribed).
  EventBus* bus = nullptr;
  Services services;
  // Committed telemetry readings (core/telemetry.h): the monitor context publishes, rules and
  // alarms subscribe.
  std::shared_ptr<ReadingFeed> readings = std::make_shared<ReadingFeed>();
  AuditSink* audit = nullptr;  // set by the context that keeps the audit log (auth), built first
  // What a caller may do with every context's collections (filled by app from all modules; read
  // by GET /auth/me).
  std::function<void(const Principal&, boost::json::object&)> permissions;
};

// A live-update topic and who may see its events.
struct Topic {
  std::string name;
  // Whether p may see an object placed at `where` on this topic (its role may read the
  // collection, and the object is in its scope). Must be cheap and thread-safe.
  std::function<bool(const Principal& p, const Placement& where)> may_see;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string_view name() const = 0;
  // Its routes, registered through the adapter (authentication, errors, idempotency, caching).
  virtual void register_routes(http::Api& api) = 0;
  // Its OpenAPI component schemas (the ones its routes name in RouteDoc).
  virtual void add_schemas(boost::json::object& schemas) const { (void)schemas; }
  // Its messages with their zh-CN translations (src/<context>/messages.cpp).
  virtual std::span<const http::MessageTemplate> messages() const { return {}; }
  // Its live topics.
  virtual std::vector<Topic> topics() const { return {}; }
  // What p may do with its collections: {"<collection>": {"read","create","update","delete"}}.
  virtual void add_permissions(const Principal& p, boost::json::object& out) const {
    (void)p;
    (void)out;
  }
  // The authenticator of API requests, when this context provides it (auth does).
  virtual http::Authenticator* authenticator() { return nullptr; }
  // Prometheus lines of its own (complete, with HELP/TYPE), if any.
  virtual std::string metrics() const { return {}; }
  // After every module is built and migrations ran, before serving (e.g. load caches).
  virtual void start() {}
};

}  // namespace lakeguard::platform
