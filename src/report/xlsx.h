// A spreadsheet (XLSX) written in one go from sheets of rows: what the
// reports need of libxlsxwriter, and nothing of its API beyond this file.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "domain/error.h"

namespace paraplan::xlsx {

// A cell's value: text (UTF-8; line breaks wrap inside the cell) or a
// number.
using Cell = std::variant<std::string, double>;

struct Sheet {
  std::string name;                     // at most 31 characters, none of []:*?/\ (Validate)
  std::vector<std::string> title;       // lines above the table, the first in bold
  std::vector<std::string> header;      // the table's column names, in bold
  std::vector<std::vector<Cell>> rows;  // the table, under its header
  std::vector<double> widths;           // column widths in characters; missing ones default
  int frozen_columns = 0;               // columns kept in view when scrolling right
};

struct Properties {
  std::string title;
  std::string subject;
};

// The workbook's bytes. kInvalidArgument naming `sheets[i].name` for a name
// a spreadsheet cannot hold (empty, too long, a forbidden character, a
// duplicate); kInternal when the file cannot be written.
Result<std::string> Write(const std::vector<Sheet>& sheets, const Properties& properties);

}  // namespace paraplan::xlsx
