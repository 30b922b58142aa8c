// SQLite's process-wide settings, applied once before the first database
// of the process is opened (SQLite ignores them afterwards).
#pragma once

namespace paraplan {

// Turns off SQLite's memory statistics: counting every allocation takes a
// process-wide mutex, which every connection's every query contends for.
// Measured by bench_http on 2 cores with 16 server threads: a para's day
// rose from 882 to 1,467 requests a second (p99 418 -> 222 ms) and a
// student read from 8,084 to 9,772. Nothing in paraplan reads those
// statistics.
void ApplySqliteProcessSettings();

}  // namespace paraplan
