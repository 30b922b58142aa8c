// A streaming RFC 4180 CSV reader: quoted fields with commas, doubled quotes
// and line breaks, CRLF or LF line ends, a UTF-8 byte order mark before the
// header. It holds one record at a time, so memory stays flat on files of
// any size. Columns are found by header name, so column order and unknown
// extra columns do not matter.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace paraplan {

class CsvReader {
 public:
  // Opens `path` and reads its header. kNotFound when the file cannot be
  // opened; kInvalidArgument naming the line for a malformed header.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path);

  // Reads the next record into `fields`; false at the end of the file.
  // kInvalidArgument naming the line for an unterminated quoted field, text
  // after a closing quote, or a record whose column count differs from the
  // header's.
  Result<bool> Next(std::vector<std::string>& fields);

  const std::vector<std::string>& header() const { return header_; }
  // Index of the column named `name`, if the header has it.
  std::optional<std::size_t> Column(std::string_view name) const;
  // Line on which the last record read starts (1-based; the header is line 1).
  std::int64_t line() const { return record_line_; }
  std::int64_t bytes_read() const { return bytes_read_; }
  std::int64_t size() const { return size_; }

 private:
  CsvReader() = default;
  // Reads one record's fields; false at a clean end of file.
  Result<bool> ReadRecord(std::vector<std::string>& fields);
  int Get();
  int Peek();

  std::ifstream in_;
  std::vector<std::string> header_;
  std::int64_t line_ = 1;         // line of the next character
  std::int64_t record_line_ = 0;  // line where the last record started
  std::int64_t bytes_read_ = 0;
  std::int64_t size_ = 0;
};

}  // namespace paraplan
