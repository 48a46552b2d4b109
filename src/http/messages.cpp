#include "http/messages.h"
#include "core/json.h"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace lakeguard::http {
namespace {

// English templates exactly as the sources write them (fmt's `{…}` fields as `{}`), and their
// zh-CN translations. scripts/check-messages reads the entries between the markers: keep each
// one a {"English", "中文"} pair of string literals. API field names, codes and values stay as they
// are ('credit_code', Idempotency-Key, true/false); the terms follow the console (镇街, 村社).
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG

    // The server itself (http/server.cpp, static_files.cpp) and the error vocabulary's defaults.
    {"An internal error occurred; quote the request id.",
     "服务器内部错误，请提供请求编号以便排查。"},
    {"This method is not allowed on this path.", "此路径不支持该请求方法。"},
    {"No such endpoint.", "接口不存在。"},
    {"The HTTP request is malformed.", "HTTP 请求格式错误。"},
    {"The HTTP request body is malformed.", "HTTP 请求体格式错误。"},
    {"The request body is larger than the limit of {} bytes.", "请求体超过 {} 字节的上限。"},
    {"The request body is larger than the limit.", "请求体超过大小上限。"},
    {"The URL is malformed.", "URL 格式错误。"},
    {"No such page.", "页面不存在。"},
    {"No such file.", "文件不存在。"},
    {"The console is not built; run the README's serve command.",
     "控制台尚未构建，请运行 README 中的启动命令。"},
    {"The object does not exist.", "对象不存在。"},
    {"Your role may not do this.", "您的角色无权执行此操作。"},
    {"Please log in.", "请先登录。"},
    // HTTP framing and conformance, refused before the body (http/server.cpp; docs/api.md
    // "HTTP conformance").
    {"Content-Length must be one whole number, and is not sent with Transfer-Encoding.",
     "Content-Length 必须是一个非负整数，且不能与 Transfer-Encoding 同时发送。"},
    {"The request has Content-Length values that differ.", "请求中的 Content-Length 值不一致。"},
    {"Transfer-Encoding may be sent once, and not with Content-Length.",
     "Transfer-Encoding 只能发送一次，且不能与 Content-Length 同时发送。"},
    {"Transfer-Encoding and Content-Length may not be sent together.",
     "Transfer-Encoding 与 Content-Length 不能同时发送。"},
    {"HTTP/1.0 requests may not use Transfer-Encoding.",
     "HTTP/1.0 请求不能使用 Transfer-Encoding。"},
    {"The last Transfer-Encoding must be chunked.", "Transfer-Encoding 的最后一项必须是 chunked。"},
    {"The request is chunked more than once.", "请求不能多次使用 chunked 编码。"},
    {"Only the chunked transfer coding is supported; send the body uncompressed.",
     "仅支持 chunked 传输编码，请发送未压缩的请求体。"},
    {"A request has one Host header.", "请求只能有一个 Host 头。"},
    {"An HTTP/1.1 request must have a Host header.", "HTTP/1.1 请求必须带有 Host 头。"},
    {"The Host header is not a valid host name.", "Host 头不是有效的主机名。"},
    {"The request target '*' is for OPTIONS only.", "请求目标 '*' 仅可用于 OPTIONS。"},
    {"Only 'Expect: 100-continue' is supported.", "仅支持 'Expect: 100-continue'。"},

    // Request decoding (http/json_body.cpp).
    {"The body is not valid JSON ({}).", "请求体不是有效的 JSON（{}）。"},
    {"The request must have Content-Type: application/json.",
     "请求必须带有 Content-Type: application/json。"},
    {"The body must be a JSON object.", "请求体必须是 JSON 对象。"},
    {"Unknown field '{}'.", "未知字段 '{}'。"},
    // Live updates (http/live.cpp, the upgrade in http/server.cpp, app.cpp).
    {"Connect with a WebSocket upgrade to receive live updates.",
     "请以 WebSocket 升级方式连接以接收实时更新。"},
    {"Live updates are served to pages of this site only.", "实时更新仅提供给本站页面。"},
    {"Too many live connections; retry later.", "实时连接过多，请稍后重试。"},
    {"Send a JSON object such as {\"subscribe\": [\"shelters\"]}.",
     "请发送 JSON 对象，例如 {\"subscribe\": [\"shelters\"]}。"},
    {"'subscribe' must be a list of topics.", "'subscribe' 必须是主题列表。"},
    {"There is no topic '{}'.", "没有主题 '{}'。"},
    {"'since' must be the ts of an event, e.g. 2026-01-01T00:00:00.000Z.",
     "'since' 必须是某条事件的 ts，例如 2026-01-01T00:00:00.000Z。"},
    {"Too many topics for one connection.", "一个连接订阅的主题过多。"},
    {"'{}' is required.", "'{}' 为必填项。"},
    {"'{}' must be a string.", "'{}' 必须是字符串。"},
    {"'{}' must not be empty.", "'{}' 不能为空。"},
    {"'{}' is longer than {} characters.", "'{}' 超过 {} 个字符。"},
    {"'page' must be a whole number from 1.", "'page' 必须是不小于 1 的整数。"},
    {"'page_size' must be a whole number from 1 to {}.", "'page_size' 必须是 1 到 {} 之间的整数。"},
    {"'page_size' must be a whole number from 1 to 500.",
     "'page_size' 必须是 1 到 500 之间的整数。"},

    // Route adapter and Idempotency-Key (http/api.cpp, platform/idempotency.cpp).
    {"Unknown query parameter '{}'.", "未知的查询参数 '{}'。"},
    {"Idempotency-Key must be 1–255 visible ASCII characters.",
     "Idempotency-Key 必须是 1–255 个可见 ASCII 字符。"},
    {"This Idempotency-Key was used for a different request; use a new key.",
     "此 Idempotency-Key 已用于另一个请求，请换一个新的键。"},
    {"A request with this Idempotency-Key is still being processed; retry in a moment.",
     "使用此 Idempotency-Key 的请求仍在处理中，请稍后重试。"},
    {"A request with this Idempotency-Key was applied, but its answer was lost; read the object to "
     "see the result.",
     "使用此 Idempotency-Key 的请求已执行，但响应已丢失，请重新读取对象查看结果。"},
    {"If-Match must be a version number.", "If-Match 必须是版本号。"},

    // Text a field or query parameter must not hold (core/text.h find_forbidden_char), written
    // alike by the route adapter (http/api.cpp), registry validation and auth's user and token
    // names.
    {"'{}' contains U+{} (a control or invisible formatting character) at character {}; remove "
     "it.",
     "'{0}' 的第 {2} 个字符 U+{1} 是控制字符或不可见的格式字符，请删除。"},
    {"'{}' is not valid UTF-8.", "'{}' 不是有效的 UTF-8 文本。"},

    // END CATALOG
};

constexpr std::string_view kPlaceholder = "{}";

// A catalog entry prepared for matching: the literal pieces of the English template (one more
// than it has values) and the zh-CN template as literal runs and value references.
struct Compiled {
  size_t order = 0;  // position in the catalog: the first of equally specific templates wins
  std::vector<std::string_view> pieces;
  size_t literal_len = 0;
  struct Part {
    std::string_view text;
    int value = -1;  // >= 0: insert this value instead of text
  };
  std::vector<Part> zh;
};

std::optional<Compiled> compile(const MessageTemplate& t, size_t order) {
  Compiled c;
  c.order = order;
  size_t i = 0;
  for (;;) {
    size_t k = t.en.find(kPlaceholder, i);
    c.pieces.push_back(t.en.substr(i, k == std::string_view::npos ? k : k - i));
    c.literal_len += c.pieces.back().size();
    if (k == std::string_view::npos) break;
    i = k + kPlaceholder.size();
  }
  const int values = static_cast<int>(c.pieces.size()) - 1;
  // zh-CN: `{}` takes the next value, `{N}` value N; any other brace is text.
  int next = 0;
  size_t run = 0;
  std::string_view z = t.zh_cn;
  for (size_t j = 0; j < z.size();) {
    size_t close = z[j] == '{' ? z.find('}', j) : std::string_view::npos;
    std::string_view inside =
        close == std::string_view::npos ? std::string_view() : z.substr(j + 1, close - j - 1);
    bool number = inside.size() <= 2 && std::all_of(inside.begin(), inside.end(),
                                                    [](char ch) { return ch >= '0' && ch <= '9'; });
    if (close == std::string_view::npos || !number) {
      ++j;
      continue;
    }
    if (j > run) c.zh.push_back({z.substr(run, j - run), -1});
    int v = inside.empty() ? next++ : std::stoi(std::string(inside));
    if (v >= values) return std::nullopt;
    c.zh.push_back({{}, v});
    j = close + 1;
    run = j;
  }
  if (run < z.size()) c.zh.push_back({z.substr(run), -1});
  return c;
}

// The values of msg under template c, or false. Taking each middle piece at its leftmost
// occurrence is enough: it leaves the most room for the pieces after it, and the last piece is
// anchored at the end. Linear in the message length per piece.
bool match(const Compiled& c, std::string_view msg, std::vector<std::string_view>* values) {
  const auto& p = c.pieces;
  if (p.size() == 1) return msg == p[0];
  if (msg.size() < p.front().size() + p.back().size() || !msg.starts_with(p.front()) ||
      !msg.ends_with(p.back()))
    return false;
  std::string_view body =
      msg.substr(p.front().size(), msg.size() - p.front().size() - p.back().size());
  values->clear();
  size_t pos = 0;
  for (size_t i = 1; i + 1 < p.size(); ++i) {
    size_t k = body.find(p[i], pos);
    if (k == std::string_view::npos) return false;
    values->push_back(body.substr(pos, k - pos));
    pos = k + p[i].size();
  }
  values->push_back(body.substr(pos));
  return true;
}

}  // namespace

struct MessageCatalog::Index {
  std::vector<Compiled> all;
  // Templates by their first literal piece; those starting with a value by their last one;
  // those starting and ending with a value are tried for every message.
  std::unordered_map<std::string_view, std::vector<const Compiled*>> by_prefix, by_suffix;
  std::vector<size_t> prefix_lengths, suffix_lengths;  // distinct key lengths, ascending
  std::vector<const Compiled*> floating;
  std::vector<std::string_view> rejected;
};

MessageCatalog::MessageCatalog(std::span<const MessageTemplate> entries)
    : index_(std::make_unique<Index>()) {
  Index& x = *index_;
  x.all.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    if (auto c = compile(entries[i], i))
      x.all.push_back(std::move(*c));
    else
      x.rejected.push_back(entries[i].en);
  }
  for (const auto& c : x.all) {  // x.all no longer grows: pointers into it stay valid
    if (!c.pieces.front().empty()) {
      x.by_prefix[c.pieces.front()].push_back(&c);
      x.prefix_lengths.push_back(c.pieces.front().size());
    } else if (!c.pieces.back().empty()) {
      x.by_suffix[c.pieces.back()].push_back(&c);
      x.suffix_lengths.push_back(c.pieces.back().size());
    } else {
      x.floating.push_back(&c);
    }
  }
  for (auto* v : {&x.prefix_lengths, &x.suffix_lengths}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
}

MessageCatalog::~MessageCatalog() = default;

const std::vector<std::string_view>& MessageCatalog::rejected() const { return index_->rejected; }

std::optional<std::string> MessageCatalog::to_zh_cn(std::string_view msg) const {
  const Index& x = *index_;
  const Compiled* best = nullptr;
  std::vector<std::string_view> values, best_values;
  auto consider = [&](const Compiled* c) {
    if (best && (c->literal_len < best->literal_len ||
                 (c->literal_len == best->literal_len && c->order > best->order)))
      return;
    if (match(*c, msg, &values)) {
      best = c;
      best_values = values;
    }
  };
  // One hash lookup per distinct key length (a few dozen), not a scan of the catalog.
  for (size_t len : x.prefix_lengths) {
    if (len > msg.size()) break;
    if (auto it = x.by_prefix.find(msg.substr(0, len)); it != x.by_prefix.end())
      for (const Compiled* c : it->second) consider(c);
  }
  for (size_t len : x.suffix_lengths) {
    if (len > msg.size()) break;
    if (auto it = x.by_suffix.find(msg.substr(msg.size() - len)); it != x.by_suffix.end())
      for (const Compiled* c : it->second) consider(c);
  }
  for (const Compiled* c : x.floating) consider(c);
  if (!best) return std::nullopt;
  std::string out;
  out.reserve(msg.size() * 2);
  for (const auto& part : best->zh)
    out += part.value < 0 ? part.text : best_values[static_cast<size_t>(part.value)];
  return out;
}

namespace {

// --- Accept-Language (RFC 9110 §12.5.4) ---------------------------------------------------------

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*", lower-cased; '_' is taken for '-' (as
// Java's Locale.toString writes zh_CN). nullopt when s is not one.
std::optional<std::string> language_range(std::string_view s) {
  if (s == "*") return std::string("*");
  std::string out;
  size_t len = 0;
  bool first = true;
  for (char c : s) {
    if (c == '-' || c == '_') {
      if (len == 0) return std::nullopt;
      out.push_back('-');
      len = 0;
      first = false;
      continue;
    }
    if (!(is_alpha(c) || (!first && is_digit(c))) || ++len > 8) return std::nullopt;
    out.push_back(lower(c));
  }
  if (len == 0) return std::nullopt;
  return out;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<int> qvalue(std::string_view s) {
  if (s.empty() || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  int q = (s[0] - '0') * 1000;
  if (s.size() == 1) return q;
  if (s[1] != '.' || s.size() > 5) return std::nullopt;
  int scale = 100;
  for (char c : s.substr(2)) {
    if (!is_digit(c) || (q == 1000 && c != '0')) return std::nullopt;
    q += (c - '0') * scale;
    scale /= 10;
  }
  return q;
}

void add_or_append_header(Response& res, std::string_view name, std::string_view value) {
  for (auto& [k, v] : res.headers) {
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return lower(a) == lower(b);
        })) {
      if (name == "Vary") {
        v += ", ";
        v += value;
      }
      return;  // Content-Language already set by the handler: it knows better
    }
  }
  res.headers.emplace_back(std::string(name), std::string(value));
}

}  // namespace

std::string_view lang_tag(Lang lang) noexcept { return lang == Lang::kZhCn ? "zh-CN" : "en"; }

Lang preferred_lang(std::string_view header) {
  // Per language: the most specific range naming it decides its q (RFC 4647 §3.3 intent: zh-CN
  // and zh-Hans beat plain zh, which beats another Chinese like zh-TW, which beats "*").
  struct Pick {
    int level = -1;
    int q = 0;
    size_t pos = 0;
  };
  Pick zh, en;
  size_t pos = 0;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view element = trim_ows(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (element.empty()) continue;  // RFC 9110 §5.6.1: empty list elements are ignored
    size_t semi = element.find(';');
    auto range = language_range(trim_ows(element.substr(0, semi)));
    std::optional<int> q = 1000;
    std::string_view params =
        semi == std::string_view::npos ? std::string_view() : element.substr(semi + 1);
    while (range && q && semi != std::string_view::npos) {
      semi = params.find(';');
      std::string_view param = trim_ows(params.substr(0, semi));
      // parameter = token "=" value, no whitespace; only q is defined for Accept-Language.
      size_t eq = param.find('=');
      if (eq == 0 || eq == std::string_view::npos || param.find_first_of(" \t") != param.npos)
        q = std::nullopt;
      else if (eq == 1 && lower(param[0]) == 'q')
        q = qvalue(param.substr(2));
      if (semi != std::string_view::npos) params.remove_prefix(semi + 1);
    }
    if (!range || !q) continue;  // a malformed element counts for nothing
    const std::string& r = *range;
    auto pick = [&](Pick& p, int level) {
      if (level > p.level || (level == p.level && *q > p.q)) p = Pick{level, *q, pos};
    };
    if (r == "*") {
      pick(zh, 0);
      pick(en, 0);
    } else if (r == "zh" || r.starts_with("zh-")) {
      bool simplified =
          r == "zh-cn" || r == "zh-hans" || r.starts_with("zh-hans-") || r.starts_with("zh-cn-");
      pick(zh, simplified ? 3 : r == "zh" ? 2 : 1);
    } else if (r == "en" || r.starts_with("en-")) {
      pick(en, 2);
    }
    ++pos;
  }
  if (zh.level >= 0 && zh.q > 0 &&
      (en.level < 0 || zh.q > en.q || (zh.q == en.q && zh.pos < en.pos)))
    return Lang::kZhCn;
  return Lang::kEn;
}

std::span<const MessageTemplate> message_catalog() noexcept { return kCatalog; }

namespace {
struct Catalogs {
  std::mutex mu;
  std::vector<MessageTemplate> all{std::begin(kCatalog), std::end(kCatalog)};  // GUARDED_BY(mu)
  std::vector<std::unique_ptr<MessageCatalog>> built;                          // GUARDED_BY(mu)
  std::atomic<const MessageCatalog*> current{nullptr};
};
Catalogs& catalogs() {
  static Catalogs c;
  return c;
}
}  // namespace

void add_message_catalog(std::span<const MessageTemplate> entries) {
  Catalogs& c = catalogs();
  std::lock_guard lk(c.mu);
  c.all.insert(c.all.end(), entries.begin(), entries.end());
  c.built.push_back(std::make_unique<MessageCatalog>(c.all));
  c.current.store(c.built.back().get(), std::memory_order_release);
}

std::vector<MessageTemplate> all_messages() {
  Catalogs& c = catalogs();
  std::lock_guard lk(c.mu);
  return c.all;
}

const MessageCatalog& builtin_catalog() {
  Catalogs& c = catalogs();
  if (const MessageCatalog* cur = c.current.load(std::memory_order_acquire)) return *cur;
  std::lock_guard lk(c.mu);
  if (c.built.empty()) {
    c.built.push_back(std::make_unique<MessageCatalog>(c.all));
    c.current.store(c.built.back().get(), std::memory_order_release);
  }
  return *c.built.back();
}

std::string translate(std::string_view english, Lang lang) {
  if (lang == Lang::kEn) return std::string(english);
  auto zh = builtin_catalog().to_zh_cn(english);
  return zh ? std::move(*zh) : std::string(english);
}

void localize_response(Response& res, std::string_view accept_language) {
  if (res.shared_body || res.shared_head) return;
  if (!res.content_type.starts_with("application/json")) return;
  const bool error = res.status >= 400 && res.body.starts_with(R"({"error":)");
  const bool report = res.status == 200 && res.body.starts_with(R"({"rows":)");
  if (!error && !report) return;
  Lang lang = preferred_lang(accept_language);
  Lang said = Lang::kEn;
  if (lang != Lang::kEn) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(res.body, ec);
    if (ec || !v.is_object()) return;
    bool changed = false;
    auto rewrite = [&](boost::json::value* text) {
      if (!text || !text->is_string()) return;
      if (auto zh = builtin_catalog().to_zh_cn(text->as_string())) {
        *text = *zh;
        changed = true;
      }
    };
    if (error) {
      if (auto* e = v.as_object().if_contains("error"); e && e->is_object())
        rewrite(e->as_object().if_contains("message"));
    } else if (auto* errors = v.as_object().if_contains("errors"); errors && errors->is_array()) {
      for (auto& row : errors->as_array())
        if (row.is_object()) rewrite(row.as_object().if_contains("reason"));
    }
    if (changed) {
      res.body = lakeguard::json_text(v);
      said = lang;
    }
  }
  // An import report without reasons holds no words to label.
  if (report && said == Lang::kEn && res.body.find(R"("errors":[])") != std::string::npos) return;
  add_or_append_header(res, "Content-Language", lang_tag(said));
  add_or_append_header(res, "Vary", "Accept-Language");
}

}  // namespace lakeguard::http
