#pragma once
// Serves the built console (web/dist) from memory: hashed assets with a long cache lifetime,
// index.html with no-cache, and the SPA fallback (unknown paths without a file → index.html).
// Text assets are gzipped once at load and sent compressed to clients that accept gzip.

#include <map>
#include <memory>
#include <string>

#include "http/request.h"

namespace lakeguard::http {

class StaticFiles {
 public:
  // Loads every regular file under `root` (which may not exist: then every request is 404).
  explicit StaticFiles(const std::string& root);
  Response serve(const Request& req) const;
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::shared_ptr<const std::string> body;  // sent without a copy
    std::shared_ptr<const std::string> gzip;  // precompressed at load, when it pays; may be null
    std::string type;
  };
  std::map<std::string, File, std::less<>> files_;  // key: "/assets/x.js"
};

}  // namespace lakeguard::http
