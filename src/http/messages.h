#pragma once
// The language of what the server says to people (API-CONVENTIONS.md "Errors": the server answers
// zh-CN or en, chosen by Accept-Language). Messages are written once, in English, where an error
// is made (Error::validation("name", "'name' is required."), fmt::format with `{}` values); a
// catalog of English templates with their zh-CN translations turns them into Chinese on the way
// out, so no error site changes and logs stay English. scripts/check-messages keeps the catalog
// complete: it fails CI when a message in src/ has no entry.
//
// Pure logic, no I/O; thread-safe (the catalog's index is built once, on first use).

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.h"
#include "http/request.h"

namespace lakeguard::http {

enum class Lang { kEn, kZhCn };

// The language tag of lang for Content-Language: "en" or "zh-CN".
std::string_view lang_tag(Lang lang) noexcept;

// The language to answer in for an Accept-Language header value (RFC 9110 §12.5.4): the list is
// parsed with its q-values (case-insensitive; elements that are not a language range with an
// optional valid `;q=` weight are ignored) and the supported language with the highest q wins —
// zh-CN for `zh` and every `zh-…` range (zh-CN, zh-Hans, zh-TW: zh-CN is the only Chinese there
// is), en for `en` and `en-…`, `*` for either one not named otherwise; the most specific range
// naming a language decides its q (zh-CN/zh-Hans over zh over zh-TW over *); q=0 means "not this
// one"; equal q: the range listed first. Without a header, or when nothing supported is acceptable:
// en, the language of scripts, integrations and logs.
Lang preferred_lang(std::string_view accept_language);

// One catalog entry (core/message.h).
using lakeguard::MessageTemplate;

// Templates indexed for matching (by their first literal piece; those starting with a value by
// their last). Immutable after construction, so safe to share between threads. The entries'
// strings must outlive the catalog.
class MessageCatalog {
 public:
  explicit MessageCatalog(std::span<const MessageTemplate> entries);
  ~MessageCatalog();
  MessageCatalog(const MessageCatalog&) = delete;
  MessageCatalog& operator=(const MessageCatalog&) = delete;

  // The zh-CN text of `english`, or nullopt when no template matches. A template matches when
  // the message starts with its first literal piece, ends with its last, and holds the pieces
  // between in order (leftmost first); the text between them are the values, which may hold
  // anything (spaces, quotes, Chinese). Where several templates match, the one with the most
  // literal text wins (so "'{}' is not a longitude." beats "'{}' is not a {}."), then the first.
  std::optional<std::string> to_zh_cn(std::string_view english) const;
  // Entries not used because their zh-CN side names a value the English side lacks.
  const std::vector<std::string_view>& rejected() const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
};

// The server's own catalog (src/http/messages.cpp).
std::span<const MessageTemplate> message_catalog() noexcept;
// Adds a context's catalog (its module's messages()) to the one responses are translated with.
// At start-up, before serving; thread-safe.
void add_message_catalog(std::span<const MessageTemplate> entries);
// Every entry known: the server's and every added catalog's.
std::vector<MessageTemplate> all_messages();
// The index of all_messages(). The reference stays valid for the program's lifetime (a later
// add_message_catalog builds a new index; the old one is kept).
const MessageCatalog& builtin_catalog();

// The message in lang: for zh-CN, its translation by the built-in catalog; `english` unchanged
// for en and when no template matches.
std::string translate(std::string_view english, Lang lang);

// The response hook (server.cpp, just before a response is written): when res is a JSON error
// body {"error":{…,"message":…}} — or an import report {"rows":…,"errors":[{…,"reason":…}]}
// (API-CONVENTIONS.md "Files") — it is answered in the language `accept_language` prefers: the
// message (reasons) translated, the body re-serialised, `Content-Language` set to the language
// the text is in and `Vary: Accept-Language` added. Error bodies get Content-Language in English
// too. Responses with a shared (cached) body are left alone: the read cache holds only 200s.
void localize_response(Response& res, std::string_view accept_language);

}  // namespace lakeguard::http
