#include "interop/csv_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace paraplan {
namespace {

using testing::TempDir;

// Writes `bytes` to a file in `dir` and opens it.
Result<std::unique_ptr<CsvReader>> OpenText(const TempDir& dir, const std::string& bytes) {
  std::string path = (dir.path() / "file.csv").string();
  std::ofstream(path, std::ios::binary) << bytes;
  return CsvReader::Open(path);
}

std::vector<std::vector<std::string>> ReadAll(CsvReader& reader) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (true) {
    auto next = reader.Next(fields);
    EXPECT_TRUE(next.has_value()) << next.error().message;
    if (!next || !*next) break;
    rows.push_back(fields);
  }
  return rows;
}

TEST(CsvReader, quoted_fields_keep_commas_line_breaks_and_doubled_quotes) {
  TempDir dir;
  auto reader = OpenText(dir, "a,b,c\n\"x, y\",\"two\nlines\",\"say \"\"hi\"\"\"\n");
  ASSERT_TRUE(reader.has_value());
  auto rows = ReadAll(**reader);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"x, y", "two\nlines", "say \"hi\""}));
}

TEST(CsvReader, crlf_line_ends_are_not_part_of_the_last_field) {
  TempDir dir;
  auto reader = OpenText(dir, "a,b\r\n1,2\r\n3,4\r\n");
  ASSERT_TRUE(reader.has_value());
  auto rows = ReadAll(**reader);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"3", "4"}));
}

TEST(CsvReader, a_byte_order_mark_does_not_become_part_of_the_first_column_name) {
  TempDir dir;
  auto reader = OpenText(dir, "\xEF\xBB\xBFsourcedId,name\nx,y\n");
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ((*reader)->Column("sourcedId"), 0U);
}

TEST(CsvReader, empty_fields_and_a_missing_final_line_break_are_read) {
  TempDir dir;
  auto reader = OpenText(dir, "a,b,c\n,,\nx,,z");
  ASSERT_TRUE(reader.has_value());
  auto rows = ReadAll(**reader);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x", "", "z"}));
}

TEST(CsvReader, line_numbers_count_line_breaks_inside_quoted_fields) {
  TempDir dir;
  auto reader = OpenText(dir, "a,b\n\"1\n2\n3\",x\ny,z\n");
  ASSERT_TRUE(reader.has_value());
  std::vector<std::string> fields;
  ASSERT_TRUE((*reader)->Next(fields).value());
  EXPECT_EQ((*reader)->line(), 2);
  ASSERT_TRUE((*reader)->Next(fields).value());
  EXPECT_EQ((*reader)->line(), 5);
}

TEST(CsvReader, an_unterminated_quote_is_refused_with_the_line_it_opened_on) {
  TempDir dir;
  auto reader = OpenText(dir, "a,b\n1,2\n\"open,3\n4,5\n");
  ASSERT_TRUE(reader.has_value());
  std::vector<std::string> fields;
  ASSERT_TRUE((*reader)->Next(fields).value());
  auto next = (*reader)->Next(fields);
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().message, "line 3: a quoted field is never closed");
}

TEST(CsvReader, a_row_with_more_fields_than_the_header_is_refused) {
  TempDir dir;
  auto reader = OpenText(dir, "a,b\n1,2,3\n");
  ASSERT_TRUE(reader.has_value());
  std::vector<std::string> fields;
  auto next = (*reader)->Next(fields);
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().message, "line 2: has 3 fields; the header has 2");
}

TEST(CsvReader, text_after_a_closing_quote_is_refused) {
  TempDir dir;
  auto reader = OpenText(dir, "a,b\n\"x\"y,2\n");
  ASSERT_TRUE(reader.has_value());
  std::vector<std::string> fields;
  auto next = (*reader)->Next(fields);
  ASSERT_FALSE(next.has_value());
  EXPECT_NE(next.error().message.find("text follows a closing quote"), std::string::npos);
}

TEST(CsvReader, a_missing_file_is_not_found) {
  TempDir dir;
  auto reader = CsvReader::Open((dir.path() / "absent.csv").string());
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace paraplan
