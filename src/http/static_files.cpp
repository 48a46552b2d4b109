#include "http/static_files.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace lakeguard::http {
namespace {

std::string mime_for(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".pbf", "application/x-protobuf"},
      {".wasm", "application/wasm"},
      {".map", "application/json"},
  };
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type == "application/json" || type == "image/svg+xml" ||
         type == "application/wasm";
}

// gzip (RFC 1952) of s, or null when it would not save at least a tenth.
std::shared_ptr<const std::string> gzip_of(const std::string& s) {
  if (s.size() < 1024) return nullptr;
  z_stream z{};
  // windowBits 15 + 16 selects the gzip wrapper.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return nullptr;
  std::string out(deflateBound(&z, s.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  z.avail_in = static_cast<uInt>(s.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  size_t n = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END || n * 10 > s.size() * 9) return nullptr;
  out.resize(n);
  return std::make_shared<const std::string>(std::move(out));
}

bool accepts_gzip(const Request& req) {
  std::string ae(req.header("accept-encoding"));
  return ae.find("gzip") != std::string::npos;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string rel = "/" + fs::relative(it->path(), root).generic_string();
    auto body = std::make_shared<const std::string>(ss.str());
    std::string type = mime_for(it->path());
    auto gz = compressible(type) ? gzip_of(*body) : nullptr;
    files_[rel] = File{std::move(body), std::move(gz), std::move(type)};
  }
}

Response StaticFiles::serve(const Request& req) const {
  Response r;
  if (req.method != Method::kGet && req.method != Method::kHead) {
    return error_response(Error::not_found("No such page."), req.request_id);
  }
  std::string path = req.path == "/" ? "/index.html" : req.path;
  auto it = files_.find(path);
  bool is_index = false;
  if (it == files_.end()) {
    // Paths that look like files 404; everything else is a console route (SPA fallback).
    auto slash = path.rfind('/');
    if (path.find('.', slash) != std::string::npos)
      return error_response(Error::not_found("No such file."), req.request_id);
    it = files_.find("/index.html");
    if (it == files_.end())
      return error_response(
          Error::not_found("The console is not built; run the README's serve command."),
          req.request_id);
  }
  is_index = it->first == "/index.html";
  r.status = 200;
  r.content_type = it->second.type;
  r.shared_body = it->second.body;
  if (it->second.gzip) {
    r.headers.emplace_back("Vary", "Accept-Encoding");
    if (accepts_gzip(req)) {
      r.shared_body = it->second.gzip;
      r.headers.emplace_back("Content-Encoding", "gzip");
    }
  }
  if (is_index) {
    r.headers.emplace_back("Cache-Control", "no-cache");
  } else if (it->first.rfind("/assets/", 0) == 0) {
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
  }
  return r;
}

}  // namespace lakeguard::http
