// A fresh SQLite database per test with a small roster in it: one district
// with one school, staff of every role, two students and a guardian, and a
// second district to check that nothing crosses over.
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

class RosterDatabase {
 public:
  // Creates a database file in a fresh temporary directory and fills it.
  RosterDatabase();
  ~RosterDatabase();

  Store& store() { return *store_; }
  SecurityStore& security() { return *security_; }
  const Roster& roster() const { return roster_; }
  std::string path() const { return (directory_ / "paraplan.db").string(); }

 private:
  std::filesystem::path directory_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SecurityStore> security_;
  Roster roster_;
};

}  // namespace paraplan::testing
