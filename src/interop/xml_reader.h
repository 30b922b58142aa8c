// Streams the records of an XML interchange file (each child element of the
// root, e.g. one <Student>) with libxml2's xmlTextReader: one record is held
// at a time, so memory stays flat on files of any size. A record is
// flattened to (path, text) pairs, paths relative to the record and built
// from local names: "Name/FirstName", "SchoolReference/SchoolIdentity/SchoolId",
// attributes as "@id" or "LocalEducationAgencyReference/@ref".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.h"

namespace paraplan {

struct XmlRecord {
  std::string name;       // local name, e.g. "StudentSpecialEducationProgramAssociation"
  std::int64_t line = 0;  // line of the record's start tag
  std::vector<std::pair<std::string, std::string>> values;  // in document order

  // The first value at `path`, or "" when there is none.
  std::string_view Get(std::string_view path) const;
  // Every value at `path`, in document order.
  std::vector<std::string_view> All(std::string_view path) const;
  bool Has(std::string_view path) const;
};

class XmlRecordReader {
 public:
  // Opens `path` (no network access, no entity expansion).
  static Result<std::unique_ptr<XmlRecordReader>> Open(const std::string& path);
  ~XmlRecordReader();
  XmlRecordReader(const XmlRecordReader&) = delete;
  XmlRecordReader& operator=(const XmlRecordReader&) = delete;

  // Reads the next record; false at the end of the root element.
  // kInvalidArgument naming the line when the file is not well-formed XML.
  Result<bool> Next(XmlRecord& record);

  // Local name of the root element (e.g. "InterchangeStudent"); known after
  // the first call to Next.
  const std::string& root_name() const { return root_name_; }
  std::int64_t bytes_read() const;

 private:
  XmlRecordReader() = default;
  Result<int> Read();

  struct Reader;
  std::unique_ptr<Reader> reader_;
  std::string root_name_;
  std::string first_error_;
  std::int64_t first_error_line_ = 0;
};

}  // namespace paraplan
