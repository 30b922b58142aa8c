// A fresh database per test with a small roster in it: one district with one
// school, staff of every role, two students and a guardian, and a second
// district to check that nothing crosses over.
//
// The database is a SQLite file in a temporary directory, or, when
// PARAPLAN_TEST_POSTGRES_URL names a PostgreSQL server (postgresql:// with
// the PG* variables), an empty schema of its own on that server.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "domain/model.h"
#include "store/security.h"
#include "store/store.h"

namespace paraplan::testing {

struct Roster {
  Id district = 0;
  Id school = 0;
  Id administrator = 0;
  Id special_educator = 0;
  Id provider = 0;
  Id general_educator = 0;
  Id para = 0;
  Id student = 0;
  Id other_student = 0;
  Id guardian = 0;
  Id other_district = 0;
  Id other_school = 0;
  Id other_district_para = 0;
  Id other_district_student = 0;
};

// A staff member of the district (and school) named `name` Tester, with
// `name`@example.org as email and the general fund paying for them.
Staff MakeStaff(Id district, std::optional<Id> school, StaffRole role, std::string name);

class RosterDatabase {
 public:
  // Creates a fresh database on the test backend and fills it.
  RosterDatabase();
  ~RosterDatabase();

  Store& store() { return *store_; }
  SecurityStore& security() { return *security_; }
  const Roster& roster() const { return roster_; }
  // The --db URL of the database (sqlite:FILE or postgresql://...?schema=NAME).
  const std::string& url() const { return database_.url(); }

 private:
  // A place for one test's database: a temporary SQLite file, or a schema
  // on the PostgreSQL test server. Removed (or emptied for reuse) afterwards.
  class ScratchDatabase {
   public:
    ScratchDatabase();
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;
    const std::string& url() const { return url_; }

   private:
    std::filesystem::path directory_;  // SQLite
    std::string schema_;               // PostgreSQL
    std::string url_;
  };

  ScratchDatabase database_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SecurityStore> security_;
  Roster roster_;
};

}  // namespace paraplan::testing
