// Reads back what a spreadsheet (XLSX) holds, for tests: the zip's entries
// (zlib's inflate), then each sheet's cells by reference ("B3") as text,
// shared strings resolved and numbers as written. Enough of the format for
// the workbooks libxlsxwriter writes; not a general reader.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace paraplan::testing {

inline std::uint32_t Little(const std::string& bytes, std::size_t at, int size) {
  std::uint32_t value = 0;
  for (int i = size - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes.at(at + static_cast<std::size_t>(i)));
  }
  return value;
}

// Every entry of a zip archive by name, inflated; nullopt when the bytes are
// not a zip this reader understands.
inline std::optional<std::map<std::string, std::string>> ZipEntries(const std::string& bytes) {
  if (bytes.size() < 22) return std::nullopt;
  // The end of the central directory is the last record: 22 bytes and a comment.
  std::size_t end = bytes.size() - 22;
  while (Little(bytes, end, 4) != 0x06054b50) {
    if (end == 0) return std::nullopt;
    --end;
  }
  const std::uint32_t count = Little(bytes, end + 10, 2);
  std::size_t at = Little(bytes, end + 16, 4);
  std::map<std::string, std::string> entries;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (Little(bytes, at, 4) != 0x02014b50) return std::nullopt;
    const std::uint32_t method = Little(bytes, at + 10, 2);
    const std::uint32_t packed = Little(bytes, at + 20, 4);
    const std::uint32_t size = Little(bytes, at + 24, 4);
    const std::uint32_t name_length = Little(bytes, at + 28, 2);
    const std::uint32_t extra_length = Little(bytes, at + 30, 2);
    const std::uint32_t comment_length = Little(bytes, at + 32, 2);
    const std::uint32_t local = Little(bytes, at + 42, 4);
    const std::string name = bytes.substr(at + 46, name_length);
    at += 46 + name_length + extra_length + comment_length;
    const std::size_t data =
        local + 30 + Little(bytes, local + 26, 2) + Little(bytes, local + 28, 2);
    if (method == 0) {
      entries[name] = bytes.substr(data, size);
      continue;
    }
    if (method != 8) return std::nullopt;
    std::string out(size, '\0');
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return std::nullopt;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + data));
    stream.avail_in = packed;
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = size;
    const int inflated = inflate(&stream, Z_FINISH);
    inflateEnd(&stream);
    if (inflated != Z_STREAM_END) return std::nullopt;
    entries[name] = std::move(out);
  }
  return entries;
}

inline std::string XmlText(std::string text) {
  const std::vector<std::pair<std::string, std::string>> escapes = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [escaped, plain] : escapes) {
    for (std::size_t at = text.find(escaped); at != std::string::npos;
         at = text.find(escaped, at + plain.size())) {
      text.replace(at, escaped.size(), plain);
    }
  }
  return text;
}

// A workbook's sheets in order, each as its name and its cells ("B3" ->
// text). nullopt when the bytes are not such a workbook.
struct SheetCells {
  std::string name;
  std::map<std::string, std::string> cells;
};
inline std::optional<std::vector<SheetCells>> XlsxSheets(const std::string& bytes) {
  const std::optional<std::map<std::string, std::string>> entries = ZipEntries(bytes);
  if (!entries || !entries->contains("xl/workbook.xml")) return std::nullopt;
  std::vector<std::string> shared;
  if (auto strings = entries->find("xl/sharedStrings.xml"); strings != entries->end()) {
    const std::regex item(R"re(<si><t(?: [^>]*)?>([^<]*)</t></si>)re");
    for (auto it = std::sregex_iterator(strings->second.begin(), strings->second.end(), item);
         it != std::sregex_iterator(); ++it) {
      shared.push_back(XmlText((*it)[1]));
    }
  }
  std::vector<SheetCells> sheets;
  const std::string& workbook = entries->at("xl/workbook.xml");
  const std::regex sheet(R"re(<sheet name="([^"]*)")re");
  for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheet);
       it != std::sregex_iterator(); ++it) {
    SheetCells cells;
    cells.name = XmlText((*it)[1]);
    const std::string path = "xl/worksheets/sheet" + std::to_string(sheets.size() + 1) + ".xml";
    if (!entries->contains(path)) return std::nullopt;
    const std::string& xml = entries->at(path);
    const std::regex cell(R"re(<c r="([A-Z]+[0-9]+)"([^>]*)><v>([^<]*)</v></c>)re");
    for (auto c = std::sregex_iterator(xml.begin(), xml.end(), cell); c != std::sregex_iterator();
         ++c) {
      const std::string value = (*c)[3];
      if (std::string((*c)[2]).find("t=\"s\"") != std::string::npos) {
        const std::size_t index = std::stoul(value);
        cells.cells[(*c)[1]] = index < shared.size() ? shared[index] : "";
      } else {
        cells.cells[(*c)[1]] = value;
      }
    }
    sheets.push_back(std::move(cells));
  }
  return sheets;
}

}  // namespace paraplan::testing
