// Where the benchmarks that measure PostgreSQL find a server: the one
// PARAPLAN_BENCH_POSTGRES_URL names, or the one the PG* variables name when
// PGHOST is set; otherwise the benchmark runs itself again under
// `pg_virtualenv -t -v 15 -o fsync=on`, which makes a throwaway server and
// removes it afterwards.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_support.h"
#include "store/sql_runner.h"
#include "store/store.h"

namespace paraplan::bench {

// The server to use, or empty when there is none yet.
inline std::string PostgresServer() {
  if (const char* url = std::getenv("PARAPLAN_BENCH_POSTGRES_URL"); url && *url) return url;
  if (const char* host = std::getenv("PGHOST"); host && *host) return "postgresql://";
  return "";
}

// Runs this benchmark again under pg_virtualenv; returns only if it cannot.
// The server gets a cluster folder of its own (-t) and a port of its own, so
// it runs beside test servers, and fsync back on (pg_virtualenv turns it
// off), since SQLite is measured with synchronous=FULL.
inline void RerunUnderPgVirtualenv(int argc, char** argv) {
  if (std::getenv("PARAPLAN_BENCH_UNDER_PG_VIRTUALENV")) return;
  ::setenv("PARAPLAN_BENCH_UNDER_PG_VIRTUALENV", "1", 1);
  ::setenv("PGPORT", std::to_string(56000 + ::getpid() % 1000).c_str(), 1);
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::vector<const char*> args = {"pg_virtualenv", "-t", "-v", "15", "-o", "fsync=on",
                                   self.c_str()};
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  std::fflush(stdout);
  ::execvp(args[0], const_cast<char* const*>(args.data()));
}

// The server's durability settings, as measured ("fsync=on,
// synchronous_commit=on").
inline std::string PostgresDurability(Store& store) {
  std::string settings;
  Must(store.sql_runner()->RunRead([&](sql::Session& session) -> Result<void> {
    sql::Rows rows = PARAPLAN_TRY(session.Query(
        "SELECT name || '=' || setting FROM pg_settings WHERE name IN ('fsync', "
        "'synchronous_commit') ORDER BY name",
        {}));
    for (const sql::Row& row : rows) {
      sql::RowReader read(row, "pg_settings");
      settings += (settings.empty() ? "" : ", ") + read.Text(0);
      PARAPLAN_TRY(read.Finish());
    }
    return {};
  }));
  return settings;
}

}  // namespace paraplan::bench
