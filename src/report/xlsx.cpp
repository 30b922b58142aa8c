#include "report/xlsx.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

namespace paraplan::xlsx {
namespace {

// Why a sheet name cannot be used, or empty when it can.
std::string NameProblem(const std::string& name, std::set<std::string>& seen) {
  if (name.empty()) return "must not be empty";
  if (name.size() > 31) return "must be at most 31 characters";
  if (name.find_first_of("[]:*?/\\") != std::string::npos) {
    return "must not contain any of []:*?/\\";
  }
  std::string folded = name;
  std::ranges::transform(folded, folded.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!seen.insert(folded).second) return "is the name of another sheet";
  return {};
}

// A file of our own in the temporary folder, removed when done: the
// library writes a workbook only to a file.
class TemporaryFile {
 public:
  TemporaryFile() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "paraplan-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  ~TemporaryFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Error WriteError(std::string_view doing, lxw_error error) {
  return Error::Internal(
      fmt::format("writing the spreadsheet: {}: {}", doing, lxw_strerror(error)));
}

}  // namespace

Result<std::string> Write(const std::vector<Sheet>& sheets, const Properties& properties) {
  std::set<std::string> seen;
  std::vector<FieldProblem> problems;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    if (std::string problem = NameProblem(sheets[i].name, seen); !problem.empty()) {
      problems.push_back({fmt::format("sheets[{}].name", i), problem});
    }
  }
  if (!problems.empty()) {
    return Fail(Error::Invalid("a sheet name cannot be used", std::move(problems)));
  }
  TemporaryFile file;
  if (file.path().empty()) {
    return Fail(Error::Internal("writing the spreadsheet: no temporary file could be made"));
  }
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (workbook == nullptr) {
    return Fail(Error::Internal("writing the spreadsheet: the workbook could not be started"));
  }
  lxw_doc_properties doc = {};
  doc.title = const_cast<char*>(properties.title.c_str());
  doc.subject = const_cast<char*>(properties.subject.c_str());
  doc.author = const_cast<char*>("paraplan");
  workbook_set_properties(workbook, &doc);

  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  lxw_format* heading = workbook_add_format(workbook);
  format_set_bold(heading);
  format_set_bottom(heading, LXW_BORDER_THIN);
  format_set_text_wrap(heading);
  format_set_align(heading, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* wrapped = workbook_add_format(workbook);
  format_set_text_wrap(wrapped);
  format_set_align(wrapped, LXW_ALIGN_VERTICAL_TOP);

  for (const Sheet& sheet : sheets) {
    lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
    if (worksheet == nullptr) {
      workbook_close(workbook);
      return Fail(Error::Internal(
          fmt::format("writing the spreadsheet: sheet '{}' could not be added", sheet.name)));
    }
    lxw_row_t row = 0;
    for (std::size_t i = 0; i < sheet.title.size(); ++i, ++row) {
      worksheet_write_string(worksheet, row, 0, sheet.title[i].c_str(), i == 0 ? bold : nullptr);
    }
    if (!sheet.title.empty()) ++row;  // a blank line before the table
    const lxw_row_t header_row = row;
    for (std::size_t c = 0; c < sheet.header.size(); ++c) {
      worksheet_write_string(worksheet, row, static_cast<lxw_col_t>(c), sheet.header[c].c_str(),
                             heading);
    }
    if (!sheet.header.empty()) ++row;
    for (const std::vector<Cell>& cells : sheet.rows) {
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const auto column = static_cast<lxw_col_t>(c);
        if (const auto* text = std::get_if<std::string>(&cells[c])) {
          if (!text->empty())
            worksheet_write_string(worksheet, row, column, text->c_str(), wrapped);
        } else {
          worksheet_write_number(worksheet, row, column, std::get<double>(cells[c]), wrapped);
        }
      }
      ++row;
    }
    for (std::size_t c = 0; c < sheet.widths.size(); ++c) {
      const auto column = static_cast<lxw_col_t>(c);
      worksheet_set_column(worksheet, column, column, sheet.widths[c], nullptr);
    }
    if (!sheet.header.empty()) {
      worksheet_freeze_panes(worksheet, header_row + 1,
                             static_cast<lxw_col_t>(sheet.frozen_columns));
    }
  }
  if (const lxw_error closed = workbook_close(workbook); closed != LXW_NO_ERROR) {
    return Fail(WriteError("closing the workbook", closed));
  }
  std::ifstream in(file.path(), std::ios::binary);
  if (!in) return Fail(Error::Internal("writing the spreadsheet: the file could not be read back"));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace paraplan::xlsx
