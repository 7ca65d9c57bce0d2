// Small office documents made in tests (no binary fixtures): a minimal
// .docx, an .odt (optionally marked as encrypted), an encrypted-OOXML shell.
#pragma once

#include <string>

#include "archive/zip_writer.h"

namespace sardesk::office::testing {

inline std::string MinimalDocx(const std::string& text) {
  auto zip = archive::WriteZip({
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
       "<Override PartName=\"/word/document.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
       "Target=\"word/document.xml\"/></Relationships>"},
      {"word/document.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
       "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:body></w:document>"},
  });
  return zip.ok() ? *zip : std::string();
}

// An ODT whose manifest says its content is encrypted (as a password does).
inline std::string EncryptedOdt() {
  auto zip = archive::WriteZip({
      {"mimetype", "application/vnd.oasis.opendocument.text"},
      {"content.xml", "not readable without the password"},
      {"META-INF/manifest.xml",
       "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
       "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">"
       "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\"/></manifest:file-entry></manifest:manifest>"},
  }, {.passphrase = "", .store = true});
  return zip.ok() ? *zip : std::string();
}

// The shape of a password-protected .docx: an OLE compound file whose
// directory names an "EncryptedPackage" stream.
inline std::string EncryptedOoxml() {
  std::string ole = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  ole.resize(512, '\0');
  for (char c : std::string("EncryptedPackage")) {
    ole += c;
    ole += '\0';
  }
  ole.resize(1536, '\0');
  return ole;
}

}  // namespace sardesk::office::testing
