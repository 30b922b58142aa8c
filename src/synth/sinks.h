// Sinks for the generator: into a Store (the real use), and into memory
// (for tests that inspect a district and for measuring generation alone).
#pragma once

#include <vector>

#include "store/store.h"
#include "synth/generator.h"

namespace paraplan::synth {

// Writes each frame and each batch of students in one Store::Write, so an
// interrupted run leaves whole batches only.
class StoreSink : public Sink {
 public:
  explicit StoreSink(Store& store) : store_(store) {}

  Result<void> PutDistrict(DistrictFrame& frame) override;
  Result<void> PutSchool(SchoolFrame& frame) override;
  Result<void> PutStudents(std::span<StudentRecord> batch) override;

 private:
  Store& store_;
};

// Assigns ids itself, as a fresh database would (1, 2, 3... per kind), and
// keeps the records when asked to.
class MemorySink : public Sink {
 public:
  enum class Keep { kRecords, kNothing };
  explicit MemorySink(Keep keep = Keep::kRecords) : keep_(keep) {}

  Result<void> PutDistrict(DistrictFrame& frame) override;
  Result<void> PutSchool(SchoolFrame& frame) override;
  Result<void> PutStudents(std::span<StudentRecord> batch) override;

  const std::vector<DistrictFrame>& districts() const { return districts_; }
  const std::vector<SchoolFrame>& schools() const { return schools_; }
  const std::vector<StudentRecord>& students() const { return students_; }

 private:
  Keep keep_;
  Id next_id_ = 0;
  std::vector<DistrictFrame> districts_;
  std::vector<SchoolFrame> schools_;
  std::vector<StudentRecord> students_;
};

}  // namespace paraplan::synth
