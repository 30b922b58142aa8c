#include "store/sqlite/process_settings.h"

#include <sqlite3.h>

#include <mutex>

namespace paraplan {

void ApplySqliteProcessSettings() {
  static std::once_flag applied;
  std::call_once(applied, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace paraplan
