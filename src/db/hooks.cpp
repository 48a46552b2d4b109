#include "db/database.h"

namespace lakeguard::db {
namespace {
thread_local CommitHook* t_hook = nullptr;
}  // namespace

CommitHook* current_commit_hook() noexcept { return t_hook; }

ScopedCommitHook::ScopedCommitHook(CommitHook* hook) noexcept : previous_(t_hook) { t_hook = hook; }

ScopedCommitHook::~ScopedCommitHook() { t_hook = previous_; }

}  // namespace lakeguard::db
