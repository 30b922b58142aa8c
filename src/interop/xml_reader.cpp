#include "interop/xml_reader.h"

#include <fmt/format.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <algorithm>

namespace paraplan {
namespace {

std::string_view Trim(std::string_view text) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

std::string Text(const xmlChar* text) {
  return text != nullptr ? std::string(reinterpret_cast<const char*>(text)) : std::string();
}

}  // namespace

struct XmlRecordReader::Reader {
  xmlTextReaderPtr reader = nullptr;
  ~Reader() {
    if (reader != nullptr) xmlFreeTextReader(reader);
  }
};

std::string_view XmlRecord::Get(std::string_view path) const {
  for (const auto& [key, value] : values) {
    if (key == path) return value;
  }
  return {};
}

std::vector<std::string_view> XmlRecord::All(std::string_view path) const {
  std::vector<std::string_view> found;
  for (const auto& [key, value] : values) {
    if (key == path) found.push_back(value);
  }
  return found;
}

bool XmlRecord::Has(std::string_view path) const {
  return std::any_of(values.begin(), values.end(),
                     [&](const auto& entry) { return entry.first == path; });
}

Result<std::unique_ptr<XmlRecordReader>> XmlRecordReader::Open(const std::string& path) {
  std::unique_ptr<XmlRecordReader> reader(new XmlRecordReader());
  reader->reader_ = std::make_unique<Reader>();
  reader->reader_->reader = xmlReaderForFile(path.c_str(), nullptr, XML_PARSE_NONET);
  if (reader->reader_->reader == nullptr) {
    return Fail(Error::NotFound(fmt::format("{}: cannot be opened", path)));
  }
  // Keeps libxml2's messages out of stderr; the first one becomes the
  // reported reason.
  xmlTextReaderSetStructuredErrorHandler(
      reader->reader_->reader,
      [](void* self, xmlErrorPtr error) {
        auto* owner = static_cast<XmlRecordReader*>(self);
        if (error == nullptr || !owner->first_error_.empty()) return;
        std::string message = error->message != nullptr ? error->message : "malformed XML";
        while (!message.empty() && message.back() == '\n') message.pop_back();
        owner->first_error_ = message;
        owner->first_error_line_ = error->line;
      },
      reader.get());
  return reader;
}

XmlRecordReader::~XmlRecordReader() = default;

std::int64_t XmlRecordReader::bytes_read() const {
  return static_cast<std::int64_t>(xmlTextReaderByteConsumed(reader_->reader));
}

Result<int> XmlRecordReader::Read() {
  int status = xmlTextReaderRead(reader_->reader);
  if (status < 0) {
    std::int64_t line = first_error_line_ > 0 ? first_error_line_
                                              : xmlTextReaderGetParserLineNumber(reader_->reader);
    std::string reason = first_error_.empty() ? "is not well-formed XML" : first_error_;
    return Fail(Error::Invalid(fmt::format("line {}: {}", line, reason),
                               {{fmt::format("line {}", line), reason}}));
  }
  return status;
}

Result<bool> XmlRecordReader::Next(XmlRecord& record) {
  xmlTextReaderPtr reader = reader_->reader;
  record = XmlRecord{};
  std::vector<std::string> path;  // element names below the record
  auto joined = [&path](std::string_view leaf) {
    std::string key;
    for (const std::string& part : path) {
      key += part;
      key += '/';
    }
    key += leaf;
    return key;
  };
  bool in_record = false;
  std::string text;
  while (PARAPLAN_TRY(Read()) == 1) {
    int type = xmlTextReaderNodeType(reader);
    int depth = xmlTextReaderDepth(reader);
    if (type == XML_READER_TYPE_ELEMENT) {
      std::string name = Text(xmlTextReaderConstLocalName(reader));
      bool empty = xmlTextReaderIsEmptyElement(reader) == 1;
      if (depth == 0) {
        root_name_ = name;
        continue;
      }
      if (depth == 1) {
        in_record = true;
        record.name = name;
        record.line = xmlTextReaderGetParserLineNumber(reader);
      } else {
        path.push_back(name);
      }
      text.clear();
      // Attributes other than namespace declarations, e.g. id and ref.
      while (xmlTextReaderMoveToNextAttribute(reader) == 1) {
        if (xmlTextReaderIsNamespaceDecl(reader) == 1) continue;
        std::string key = path.empty() ? "" : joined("");
        key.push_back('@');
        key.append(Text(xmlTextReaderConstLocalName(reader)));
        record.values.emplace_back(std::move(key), Text(xmlTextReaderConstValue(reader)));
      }
      xmlTextReaderMoveToElement(reader);
      if (empty) {
        if (depth == 1) return true;
        path.pop_back();
      }
      continue;
    }
    if (!in_record) continue;
    if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) {
      text += Text(xmlTextReaderConstValue(reader));
      continue;
    }
    if (type == XML_READER_TYPE_END_ELEMENT) {
      if (depth == 1) return true;
      std::string_view value = Trim(text);
      if (!value.empty() && !path.empty()) {
        std::string leaf = path.back();
        path.pop_back();
        record.values.emplace_back(joined(leaf), std::string(value));
      } else if (!path.empty()) {
        path.pop_back();
      }
      text.clear();
    }
  }
  return false;
}

}  // namespace paraplan
