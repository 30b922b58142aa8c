#include "interop/csv_reader.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

namespace paraplan {
namespace {

Error MalformedAt(std::int64_t line, const std::string& reason) {
  return Error::Invalid(fmt::format("line {}: {}", line, reason),
                        {{fmt::format("line {}", line), reason}});
}

}  // namespace

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path) {
  std::unique_ptr<CsvReader> reader(new CsvReader());
  reader->in_.open(path, std::ios::binary);
  if (!reader->in_) return Fail(Error::NotFound(fmt::format("{}: cannot be opened", path)));
  std::error_code error;
  auto size = std::filesystem::file_size(path, error);
  reader->size_ = error ? 0 : static_cast<std::int64_t>(size);
  // A UTF-8 byte order mark (EF BB BF), which spreadsheet exports write.
  if (reader->Peek() == 0xEF) {
    char mark[3] = {};
    reader->in_.read(mark, 3);
    if (static_cast<unsigned char>(mark[1]) != 0xBB || static_cast<unsigned char>(mark[2]) != 0xBF) {
      return Fail(MalformedAt(1, "starts with a broken byte order mark"));
    }
    reader->bytes_read_ = 3;
  }
  bool has_header = PARAPLAN_TRY(reader->ReadRecord(reader->header_));
  if (!has_header) return Fail(MalformedAt(1, "is empty: the header row is missing"));
  for (std::string& name : reader->header_) {
    // Header names are matched exactly, apart from surrounding blanks.
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
  }
  return reader;
}

int CsvReader::Get() {
  int c = in_.get();
  if (c != std::char_traits<char>::eof()) ++bytes_read_;
  return c;
}

int CsvReader::Peek() { return in_.peek(); }

std::optional<std::size_t> CsvReader::Column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return std::nullopt;
}

Result<bool> CsvReader::ReadRecord(std::vector<std::string>& fields) {
  constexpr int kEof = std::char_traits<char>::eof();
  fields.clear();
  record_line_ = line_;
  int c = Get();
  if (c == kEof) return false;
  fields.emplace_back();
  while (true) {
    std::string& field = fields.back();
    if (c == '"' && field.empty()) {
      // A quoted field: runs to the closing quote, across commas and lines.
      std::int64_t opened_on = line_;
      while (true) {
        c = Get();
        if (c == kEof) {
          return Fail(MalformedAt(opened_on, "a quoted field is never closed"));
        }
        if (c == '"') {
          if (Peek() == '"') {
            Get();
            field.push_back('"');
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        field.push_back(static_cast<char>(c));
      }
      c = Get();
      if (c != ',' && c != '\n' && c != '\r' && c != kEof) {
        return Fail(MalformedAt(line_, "text follows a closing quote"));
      }
    } else {
      while (c != ',' && c != '\n' && c != '\r' && c != kEof) {
        if (c == '"') return Fail(MalformedAt(line_, "a quote inside an unquoted field"));
        field.push_back(static_cast<char>(c));
        c = Get();
      }
    }
    if (c == ',') {
      fields.emplace_back();
      c = Get();
      continue;
    }
    if (c == '\r') {
      if (Peek() == '\n') Get();
      ++line_;
    } else if (c == '\n') {
      ++line_;
    }
    return true;
  }
}

Result<bool> CsvReader::Next(std::vector<std::string>& fields) {
  while (true) {
    bool more = PARAPLAN_TRY(ReadRecord(fields));
    if (!more) return false;
    // A blank line (often the last one) is not a record.
    if (fields.size() == 1 && fields[0].empty()) continue;
    if (fields.size() != header_.size()) {
      return Fail(MalformedAt(record_line_, fmt::format("has {} fields; the header has {}",
                                                        fields.size(), header_.size())));
    }
    return true;
  }
}

}  // namespace paraplan
