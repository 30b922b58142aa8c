// The XLSX writer: what goes in comes back out, and a sheet name a
// spreadsheet cannot hold is refused by name.
#include "report/xlsx.h"

#include <gtest/gtest.h>

#include "xlsx_reader.h"

namespace paraplan::testing {
namespace {

TEST(Xlsx, sheets_come_back_in_order_with_their_title_header_and_cells) {
  xlsx::Sheet first;
  first.name = "Mon 7 Dec";
  first.title = {"Maple Grove: paras on Monday", "3 of 4 covered."};
  first.header = {"Para", "08:00-08:50"};
  first.rows = {{std::string("Isabella Adams"), std::string("Room 12\nXimena Gómez")},
                {std::string("Zoe Olson"), 42.0}};
  first.widths = {24, 22};
  first.frozen_columns = 1;
  xlsx::Sheet second;
  second.name = "Not covered";
  second.header = {"Student"};

  Result<std::string> bytes = xlsx::Write({first, second}, xlsx::Properties{"Week", "Test"});
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  const auto sheets = XlsxSheets(*bytes);
  ASSERT_TRUE(sheets.has_value());
  ASSERT_EQ(sheets->size(), 2u);
  EXPECT_EQ((*sheets)[0].name, "Mon 7 Dec");
  EXPECT_EQ((*sheets)[1].name, "Not covered");
  const auto& cells = (*sheets)[0].cells;
  EXPECT_EQ(cells.at("A1"), "Maple Grove: paras on Monday");
  EXPECT_EQ(cells.at("A2"), "3 of 4 covered.");
  // A blank line, then the header and the rows.
  EXPECT_FALSE(cells.contains("A3"));
  EXPECT_EQ(cells.at("A4"), "Para");
  EXPECT_EQ(cells.at("B4"), "08:00-08:50");
  EXPECT_EQ(cells.at("A5"), "Isabella Adams");
  EXPECT_EQ(cells.at("B5"), "Room 12\nXimena Gómez");
  EXPECT_EQ(cells.at("B6"), "42");
  // Without a title the header is the first row.
  EXPECT_EQ((*sheets)[1].cells.at("A1"), "Student");
}

TEST(Xlsx, a_sheet_name_a_spreadsheet_cannot_hold_is_refused_by_field) {
  auto refused = [](std::vector<std::string> names) {
    std::vector<xlsx::Sheet> sheets;
    for (std::string& name : names) {
      xlsx::Sheet sheet;
      sheet.name = std::move(name);
      sheets.push_back(std::move(sheet));
    }
    Result<std::string> bytes = xlsx::Write(sheets, {});
    EXPECT_FALSE(bytes.has_value());
    return bytes.has_value() ? std::vector<FieldProblem>{} : bytes.error().fields;
  };
  EXPECT_EQ(refused({""}), (std::vector<FieldProblem>{{"sheets[0].name", "must not be empty"}}));
  EXPECT_EQ(refused({"Week", std::string(32, 'x')}),
            (std::vector<FieldProblem>{{"sheets[1].name", "must be at most 31 characters"}}));
  EXPECT_EQ(refused({"Week 1/2"}),
            (std::vector<FieldProblem>{{"sheets[0].name", "must not contain any of []:*?/\\"}}));
  EXPECT_EQ(refused({"Week", "week"}),
            (std::vector<FieldProblem>{{"sheets[1].name", "is the name of another sheet"}}));
}

}  // namespace
}  // namespace paraplan::testing
