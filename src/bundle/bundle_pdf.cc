#include "bundle/bundle_pdf.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <exception>
#include <locale>
#include <map>
#include <memory>
#include <sstream>

namespace sardesk::bundle {
namespace {

constexpr char kStampFont[] = "/SardeskStamp";

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

void Stamp(QPDF& out, QPDFPageObjectHelper& page, const QPDFObjectHandle& font, const std::string& text,
           double size) {
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
  const double width = static_cast<double>(text.size()) * size * 0.55 + 12;
  const double x = box.llx + (box.urx - box.llx - width) / 2;
  const double y = box.lly + 4;
  std::string stamp = "\nQ\n/Artifact BMC q 1 g " + Num(x) + " " + Num(y) + " " + Num(width) + " " + Num(size + 6) +
                      " re f 0 g BT " + std::string(kStampFont) + " " + Num(size) + " Tf " + Num(x + 6) + " " +
                      Num(y + size / 2) + " Td " + QPDFObjectHandle::newString(text).unparse() + " Tj ET Q EMC\n";
  // The page's own drawing is wrapped in q/Q so its state cannot move the stamp.
  page.addPageContents(QPDFObjectHandle::newStream(&out, "q\n"), true);
  page.addPageContents(QPDFObjectHandle::newStream(&out, stamp), false);
}

QPDFObjectHandle ScaledBox(QPDFObjectHandle box, double scale) {
  if (!box.isRectangle()) return box;
  auto r = box.getArrayAsRectangle();
  return QPDFObjectHandle::newFromRectangle(
      QPDFObjectHandle::Rectangle(r.llx * scale, r.lly * scale, r.urx * scale, r.ury * scale));
}

// Enlarges a page by `scale`: its boxes, its drawing and its annotations.
void ScalePage(QPDF& out, QPDFPageObjectHelper& page, double scale) {
  QPDFObjectHandle obj = page.getObjectHandle();
  obj.replaceKey("/MediaBox", ScaledBox(page.getMediaBox(true), scale));
  for (const char* key : {"/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"})
    if (obj.hasKey(key)) obj.replaceKey(key, ScaledBox(obj.getKey(key), scale));
  QPDFObjectHandle annots = obj.getKey("/Annots");
  if (annots.isArray())
    for (int i = 0; i < annots.getArrayNItems(); ++i) {
      QPDFObjectHandle a = annots.getArrayItem(i);
      if (a.isDictionary() && a.hasKey("/Rect")) a.replaceKey("/Rect", ScaledBox(a.getKey("/Rect"), scale));
    }
  std::ostringstream factor;
  factor.imbue(std::locale::classic());
  factor.precision(4);
  factor << std::fixed << scale;
  page.addPageContents(
      QPDFObjectHandle::newStream(&out, "q " + factor.str() + " 0 0 " + factor.str() + " 0 0 cm\n"), true);
  page.addPageContents(QPDFObjectHandle::newStream(&out, "\nQ\n"), false);
}

// Pages of one run, to be tagged as a section.
struct TaggedRun {
  size_t run = 0;
  std::string title;
  std::vector<size_t> pages;  // indexes into the volume's pages
};

QPDFObjectHandle AsArray(QPDFObjectHandle h) {
  if (h.isArray()) return h;
  QPDFObjectHandle a = QPDFObjectHandle::newArray();
  if (!h.isNull()) a.appendItem(h);
  return a;
}

// Adds the runs' pages to the structure tree `*tree` (made when null): a
// /Sect per run under the document element, a /P per page holding the
// page's whole drawing as marked content 0.
void TagPages(QPDF& out, std::vector<QPDFPageObjectHelper>& all, const std::vector<TaggedRun>& runs,
              QPDFObjectHandle* tree) {
  if (!tree->isDictionary()) {
    *tree = out.makeIndirectObject(QPDFObjectHandle::newDictionary(
        {{"/Type", QPDFObjectHandle::newName("/StructTreeRoot")},
         {"/ParentTree", out.makeIndirectObject(QPDFObjectHandle::newDictionary(
                             {{"/Nums", QPDFObjectHandle::newArray()}}))}}));
  }
  // The document element: LibreOffice's /Document, or a new one.
  QPDFObjectHandle top = tree->getKey("/K");
  if (top.isArray() && top.getArrayNItems() == 1) top = top.getArrayItem(0);
  QPDFObjectHandle document;
  if (top.isDictionary() && top.getKey("/S").isName() && top.getKey("/S").getName() == "/Document") {
    document = top;
  } else {
    document = out.makeIndirectObject(QPDFObjectHandle::newDictionary(
        {{"/Type", QPDFObjectHandle::newName("/StructElem")},
         {"/S", QPDFObjectHandle::newName("/Document")},
         {"/P", *tree},
         {"/K", AsArray(top)}}));
    QPDFObjectHandle kids = document.getKey("/K");
    for (int i = 0; i < kids.getArrayNItems(); ++i)
      if (kids.getArrayItem(i).isDictionary()) kids.getArrayItem(i).replaceKey("/P", document);
    tree->replaceKey("/K", document);
  }
  QPDFObjectHandle document_kids = AsArray(document.getKey("/K"));
  document.replaceKey("/K", document_kids);
  QPDFObjectHandle parent_tree = tree->getKey("/ParentTree");
  if (!parent_tree.isDictionary()) {
    parent_tree = out.makeIndirectObject(QPDFObjectHandle::newDictionary({{"/Nums", QPDFObjectHandle::newArray()}}));
    tree->replaceKey("/ParentTree", parent_tree);
  }
  QPDFObjectHandle nums = parent_tree.getKey("/Nums");
  if (!nums.isArray()) {
    nums = QPDFObjectHandle::newArray();
    parent_tree.replaceKey("/Nums", nums);
  }
  long long next = 0;
  for (int i = 0; i + 1 < nums.getArrayNItems(); i += 2)
    if (nums.getArrayItem(i).isInteger()) next = std::max(next, nums.getArrayItem(i).getIntValue() + 1);
  if (tree->getKey("/ParentTreeNextKey").isInteger())
    next = std::max(next, tree->getKey("/ParentTreeNextKey").getIntValue());
  for (const auto& run : runs) {
    QPDFObjectHandle sect = out.makeIndirectObject(QPDFObjectHandle::newDictionary(
        {{"/Type", QPDFObjectHandle::newName("/StructElem")},
         {"/S", QPDFObjectHandle::newName("/Sect")},
         {"/P", document},
         {"/T", QPDFObjectHandle::newUnicodeString(run.title)},
         {"/K", QPDFObjectHandle::newArray()}}));
    document_kids.appendItem(sect);
    for (size_t index : run.pages) {
      QPDFPageObjectHelper& page = all.at(index);
      QPDFObjectHandle p = out.makeIndirectObject(QPDFObjectHandle::newDictionary(
          {{"/Type", QPDFObjectHandle::newName("/StructElem")},
           {"/S", QPDFObjectHandle::newName("/P")},
           {"/P", sect},
           {"/Pg", page.getObjectHandle()},
           {"/K", QPDFObjectHandle::newInteger(0)}}));
      sect.getKey("/K").appendItem(p);
      page.getObjectHandle().replaceKey("/StructParents", QPDFObjectHandle::newInteger(next));
      nums.appendItem(QPDFObjectHandle::newInteger(next));
      nums.appendItem(QPDFObjectHandle::newArray({p}));
      ++next;
      page.addPageContents(QPDFObjectHandle::newStream(&out, "/P <</MCID 0>> BDC q\n"), true);
      page.addPageContents(QPDFObjectHandle::newStream(&out, "\nQ EMC\n"), false);
    }
  }
  tree->replaceKey("/ParentTreeNextKey", QPDFObjectHandle::newInteger(next));
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

Result<int> AssembleVolume(const VolumeLayout& layout, const std::string& out_path,
                           const std::function<void(int percent)>& progress) {
  try {
    QPDF out;
    out.setSuppressWarnings(true);
    out.emptyPDF();
    QPDFPageDocumentHelper out_pages(out);
    // The sources stay open until the write: qpdf copies their streams then.
    // One QPDF per file, so pages of one file taken in several runs keep
    // their identity (the tagged source's structure tree points at them).
    std::map<std::string, std::unique_ptr<QPDF>> sources;
    std::vector<std::pair<std::string, size_t>> starts;  // bookmark title -> first page index
    std::vector<double> scales;                          // per page added
    std::vector<size_t> run_of_page;                     // per page added
    size_t added = 0;
    for (const auto& run : layout.runs) {
      auto& source = sources[run.pdf_path];
      if (!source) source = OpenPdf(run.pdf_path);
      std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(*source).getAllPages();
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
        scales.push_back(run.scale);
        run_of_page.push_back(static_cast<size_t>(&run - layout.runs.data()));
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
    for (size_t i = 0; i < all.size(); ++i)
      if (scales.at(i) > 1.0 && scales.at(i) <= 4.0) ScalePage(out, all[i], scales.at(i));
    if (layout.tagged) {
      QPDFObjectHandle tree;
      if (!layout.tagged_source.empty()) {
        auto source = sources.find(layout.tagged_source);
        if (source == sources.end()) return Status::Internal("the tagged front matter is not in the volume");
        QPDFObjectHandle foreign = source->second->getRoot().getKey("/StructTreeRoot");
        if (!foreign.isDictionary()) return Status::Internal("the front matter LibreOffice made is not tagged");
        tree = out.copyForeignObject(foreign);
      }
      std::vector<TaggedRun> runs;
      for (size_t r = 0; r < run_of_page.size(); ++r) {
        size_t run = run_of_page[r];
        if (layout.runs.at(run).pdf_path == layout.tagged_source) continue;
        if (runs.empty() || runs.back().run != run) runs.push_back({run, layout.runs.at(run).title, {}});
        runs.back().pages.push_back(r);
      }
      TagPages(out, all, runs, &tree);
      QPDFObjectHandle root = out.getRoot();
      root.replaceKey("/StructTreeRoot", tree);
      root.replaceKey("/MarkInfo", QPDFObjectHandle::newDictionary({{"/Marked", QPDFObjectHandle::newBool(true)}}));
      root.replaceKey("/Lang", QPDFObjectHandle::newUnicodeString(layout.language));
      root.replaceKey("/ViewerPreferences",
                      QPDFObjectHandle::newDictionary({{"/DisplayDocTitle", QPDFObjectHandle::newBool(true)}}));
      QPDFObjectHandle info = out.makeIndirectObject(
          QPDFObjectHandle::newDictionary({{"/Title", QPDFObjectHandle::newUnicodeString(layout.title)}}));
      out.getTrailer().replaceKey("/Info", info);
    }
    // Stamped last, outside any tagged content, as artifacts.
    const std::string total = std::to_string(all.size());
    for (size_t i = 0; i < all.size(); ++i)
      Stamp(out, all[i], font, layout.stamp_prefix + "   Page " + std::to_string(i + 1) + " of " + total,
            layout.stamp_size);
    std::vector<std::pair<std::string, QPDFObjectHandle>> marks;
    for (const auto& [title, index] : starts) marks.emplace_back(title, all.at(index).getObjectHandle());
    AddOutline(out, marks);
    QPDFWriter writer(out, out_path.c_str());
    writer.setObjectStreamMode(qpdf_o_generate);
    if (progress) writer.registerProgressReporter(std::make_shared<QPDFWriter::FunctionProgressReporter>(progress));
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
