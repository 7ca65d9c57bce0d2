#include "bundle/bundle_pdf.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <exception>
#include <locale>
#include <memory>
#include <sstream>

namespace sardesk::bundle {
namespace {

constexpr char kStampFont[] = "/SardeskStamp";
constexpr double kStampSize = 8;

std::unique_ptr<QPDF> OpenPdf(const std::string& path) {
  auto q = std::make_unique<QPDF>();
  q->setSuppressWarnings(true);
  q->processFile(path.c_str());
  return q;
}

// Numbers in content streams: always '.' as the decimal point.
std::string Num(double v) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out.precision(2);
  out << std::fixed << v;
  return out.str();
}

void Stamp(QPDF& out, QPDFPageObjectHelper& page, const QPDFObjectHandle& font, const std::string& text) {
  QPDFObjectHandle::Rectangle box = page.getCropBox(false, false).getArrayAsRectangle();
  QPDFObjectHandle page_obj = page.getObjectHandle();
  QPDFObjectHandle resources = page.getAttribute("/Resources", true);
  if (!resources.isDictionary()) {
    resources = QPDFObjectHandle::newDictionary();
    page_obj.replaceKey("/Resources", resources);
  }
  QPDFObjectHandle fonts = resources.getKey("/Font");
  if (!fonts.isDictionary()) {
    fonts = QPDFObjectHandle::newDictionary();
    resources.replaceKey("/Font", fonts);
  }
  fonts.replaceKey(kStampFont, font);

  // Helvetica averages about 0.55 em a character; the strip leaves a margin.
  const double width = static_cast<double>(text.size()) * kStampSize * 0.55 + 12;
  const double x = box.llx + (box.urx - box.llx - width) / 2;
  const double y = box.lly + 4;
  std::string stamp = "\nQ\nq 1 g " + Num(x) + " " + Num(y) + " " + Num(width) + " " + Num(kStampSize + 6) +
                      " re f 0 g BT " + std::string(kStampFont) + " " + Num(kStampSize) + " Tf " + Num(x + 6) + " " +
                      Num(y + 4) + " Td " + QPDFObjectHandle::newString(text).unparse() + " Tj ET Q\n";
  // The page's own drawing is wrapped in q/Q so its state cannot move the stamp.
  page.addPageContents(QPDFObjectHandle::newStream(&out, "q\n"), true);
  page.addPageContents(QPDFObjectHandle::newStream(&out, stamp), false);
}

void AddOutline(QPDF& out, const std::vector<std::pair<std::string, QPDFObjectHandle>>& marks) {
  if (marks.empty()) return;
  QPDFObjectHandle outlines = out.makeIndirectObject(QPDFObjectHandle::newDictionary());
  outlines.replaceKey("/Type", QPDFObjectHandle::newName("/Outlines"));
  std::vector<QPDFObjectHandle> items;
  for (const auto& [title, page] : marks) {
    QPDFObjectHandle item = out.makeIndirectObject(QPDFObjectHandle::newDictionary());
    item.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(title));
    item.replaceKey("/Parent", outlines);
    item.replaceKey("/Dest", QPDFObjectHandle::newArray({page, QPDFObjectHandle::newName("/Fit")}));
    if (!items.empty()) {
      item.replaceKey("/Prev", items.back());
      items.back().replaceKey("/Next", item);
    }
    items.push_back(item);
  }
  outlines.replaceKey("/First", items.front());
  outlines.replaceKey("/Last", items.back());
  outlines.replaceKey("/Count", QPDFObjectHandle::newInteger(static_cast<long long>(items.size())));
  QPDFObjectHandle root = out.getRoot();
  root.replaceKey("/Outlines", outlines);
  root.replaceKey("/PageMode", QPDFObjectHandle::newName("/UseOutlines"));
}

}  // namespace

Result<int> AssembleVolume(const VolumeLayout& layout, const std::string& out_path) {
  try {
    QPDF out;
    out.setSuppressWarnings(true);
    out.emptyPDF();
    QPDFPageDocumentHelper out_pages(out);
    // The sources stay open until the write: qpdf copies their streams then.
    std::vector<std::unique_ptr<QPDF>> sources;
    std::vector<std::pair<std::string, size_t>> starts;  // bookmark title -> first page index
    size_t added = 0;
    for (const auto& run : layout.runs) {
      sources.push_back(OpenPdf(run.pdf_path));
      std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(*sources.back()).getAllPages();
      std::vector<int> wanted = run.pages;
      if (wanted.empty())
        for (size_t i = 0; i < pages.size(); ++i) wanted.push_back(static_cast<int>(i));
      if (wanted.empty()) continue;
      starts.emplace_back(run.title, added);
      for (int index : wanted) {
        if (index < 0 || static_cast<size_t>(index) >= pages.size())
          return Status::Invalid("page " + std::to_string(index + 1) + " of \"" + run.title + "\" does not exist (it has " +
                                 std::to_string(pages.size()) + ")");
        out_pages.addPage(pages.at(static_cast<size_t>(index)), false);
        ++added;
      }
    }
    if (added == 0) return Status::Invalid("the bundle has no pages");
    std::vector<QPDFPageObjectHelper> all = out_pages.getAllPages();
    QPDFObjectHandle font = out.makeIndirectObject(QPDFObjectHandle::newDictionary(
        {{"/Type", QPDFObjectHandle::newName("/Font")},
         {"/Subtype", QPDFObjectHandle::newName("/Type1")},
         {"/BaseFont", QPDFObjectHandle::newName("/Helvetica")},
         {"/Encoding", QPDFObjectHandle::newName("/WinAnsiEncoding")}}));
    const std::string total = std::to_string(all.size());
    for (size_t i = 0; i < all.size(); ++i)
      Stamp(out, all[i], font, layout.stamp_prefix + "   Page " + std::to_string(i + 1) + " of " + total);
    std::vector<std::pair<std::string, QPDFObjectHandle>> marks;
    for (const auto& [title, index] : starts) marks.emplace_back(title, all.at(index).getObjectHandle());
    AddOutline(out, marks);
    QPDFWriter writer(out, out_path.c_str());
    writer.setObjectStreamMode(qpdf_o_generate);
    writer.write();
    return static_cast<int>(all.size());
  } catch (const std::exception& e) {
    return Status::Invalid(std::string("the bundle could not be assembled: ") + e.what());
  }
}

Result<int> CountPages(const std::string& path) {
  try {
    auto q = OpenPdf(path);
    return static_cast<int>(QPDFPageDocumentHelper(*q).getAllPages().size());
  } catch (const std::exception& e) {
    return Status::Invalid(std::string("the PDF could not be read: ") + e.what());
  }
}

Status EncryptPdf(const std::string& in_path, const std::string& out_path, const std::string& user_password,
                  const std::string& owner_password) {
  if (user_password.empty()) return Status::Invalid("an encrypted PDF needs a password");
  try {
    auto in = OpenPdf(in_path);
    QPDFWriter writer(*in, out_path.c_str());
    writer.setR6EncryptionParameters(user_password.c_str(), owner_password.c_str(), /*allow_accessibility=*/true,
                                     /*allow_extract=*/true, /*allow_assemble=*/false,
                                     /*allow_annotate_and_form=*/false, /*allow_form_filling=*/false,
                                     /*allow_modify_other=*/false, qpdf_r3p_full, /*encrypt_metadata_aes=*/true);
    writer.write();
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("the PDF could not be encrypted: ") + e.what());
  }
}

}  // namespace sardesk::bundle
