#include "http/demo_accounts.h"

#include <fmt/format.h>

#include <algorithm>

#include "http/auth/accounts.h"

namespace paraplan::http {
namespace {

struct Candidate {
  std::string role;
  std::string name;
  std::string email;
  PersonRef person;
};

}  // namespace

Result<std::vector<DemoSignIn>> AddDemoAccounts(Store& store, SecurityStore& security,
                                                const CommonPasswords& common, UnixSeconds now) {
  std::vector<Candidate> candidates;
  Result<void> found = store.Read([&](Transaction& tx) -> Result<void> {
    std::vector<District> districts = PARAPLAN_TRY(tx.ListDistricts(Page{0, 1}));
    if (districts.empty()) return Fail(Error::FailedPrecondition("the database has no district"));
    const Id district = districts[0].id;
    for (StaffRole role : AllOf<StaffRole>()) {
      StaffFilter filter;
      filter.district_id = district;
      filter.role = role;
      filter.page.limit = 50;
      std::vector<Staff> staff = PARAPLAN_TRY(tx.ListStaff(filter));
      const Staff* chosen = nullptr;
      for (const Staff& member : staff) {
        if (member.school_id) {
          chosen = &member;
          break;
        }
      }
      if (!chosen && !staff.empty()) chosen = &staff[0];
      if (!chosen) continue;
      candidates.push_back({std::string(NameOf(role)),
                            chosen->first_name + " " + chosen->last_name,
                            chosen->email,
                            {AccountKind::kStaff, chosen->id}});
    }
    std::vector<GuardianLink> links =
        PARAPLAN_TRY(tx.ListGuardianLinks(std::nullopt, std::nullopt));
    // A parent whose child has an active IEP, so My child has services and
    // goals to show.
    for (const GuardianLink& link : links) {
      if (link.custody_restricted) continue;
      Guardian guardian = PARAPLAN_TRY(tx.GetGuardian(link.guardian_id));
      if (guardian.district_id != district) continue;
      const std::vector<Iep> ieps = PARAPLAN_TRY(tx.ListIeps(link.student_id));
      if (std::none_of(ieps.begin(), ieps.end(),
                       [](const Iep& iep) { return iep.status == IepStatus::kActive; })) {
        continue;
      }
      candidates.push_back({"parent",
                            guardian.first_name + " " + guardian.last_name,
                            guardian.email,
                            {AccountKind::kGuardian, guardian.id}});
      break;
    }
    return {};
  });
  if (!found) return Fail(found.error());

  std::vector<DemoSignIn> sign_ins;
  for (Candidate& candidate : candidates) {
    if (candidate.email.empty()) {
      candidate.email =
          fmt::format("{}.{}@demo.paraplan.example", candidate.role, candidate.person.id);
    }
    std::string password = GeneratePassword();
    PARAPLAN_TRY(
        AddAccount(store, security, common, candidate.person, candidate.email, password, now));
    sign_ins.push_back({candidate.role, candidate.name, candidate.email, password});
  }
  return sign_ins;
}

}  // namespace paraplan::http
