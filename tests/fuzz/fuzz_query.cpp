/** @file fuzz_query.cpp
 *  @brief libFuzzer target: arbitrary bytes as a dateline-search query through
 *  the rewriter, the QueryParser set-up, a match on a small in-memory index and
 *  highlight-term collection. Invariants: only UsageError escapes (a clear
 *  one-line message); the cleaned and rewritten texts are valid UTF-8 without
 *  control characters; the caps (bytes, words) hold; the match returns.
 */
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/text_analyzer.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/snippet.hpp"

#include <xapian.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

Xapian::Database make_index() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const char* const texts[] = {"harbour bridge toll rises", "harbor ferry strike ends", "market prices fall",
                               "foreign minister visits japan", "中日关系 外长", "e-mail u.s. export curbs"};
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  int day = 1;
  for (const char* text : texts) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    generator.index_text(text, 1, "S");
    doc.add_boolean_term("D2024010" + std::to_string(day));
    doc.add_boolean_term("M202401");
    doc.add_boolean_term("Y2024");
    doc.add_value(0, "2024010" + std::to_string(day++));
    db.add_document(doc);
  }
  return db;
}

bool has_control(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dateline::TextAnalyzer analyzer("english");
  static const dateline::searcher::QueryRewriter rewriter(analyzer);
  static const dateline::searcher::QueryBuilder builder("english");
  static const Xapian::Database db = make_index();
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  dateline::searcher::RewrittenQuery rewritten;
  try {
    rewritten = rewriter.rewrite(raw);
  } catch (const dateline::UsageError& e) {
    const std::string_view message = e.what();
    if (message.empty() || message.find('\n') != std::string_view::npos) std::abort();
    return 0;
  }
  if (raw.size() > dateline::searcher::QueryLimits{}.max_bytes) std::abort();  // over the cap yet accepted
  if (rewritten.word_count > dateline::searcher::QueryLimits{}.max_words) std::abort();
  if (!dateline::is_valid_utf8(rewritten.cleaned) || !dateline::is_valid_utf8(rewritten.text)) std::abort();
  if (has_control(rewritten.cleaned) || has_control(rewritten.text)) std::abort();
  for (const auto& word : rewritten.words) {
    if (word.begin > word.end || word.end > rewritten.cleaned.size()) std::abort();
  }
  for (const auto mode : {dateline::searcher::MatchMode::natural, dateline::searcher::MatchMode::all,
                          dateline::searcher::MatchMode::any}) {
    dateline::searcher::BuildOptions options;
    options.mode = mode;
    Xapian::Query query;
    try {
      query = builder.build(rewritten, options, db);
    } catch (const dateline::UsageError& e) {
      const std::string_view message = e.what();
      if (message.empty() || message.find('\n') != std::string_view::npos) std::abort();
      continue;
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    (void)mset.size();
    const auto highlight = dateline::searcher::collect_highlight_terms(query, rewritten);
    (void)dateline::searcher::make_snippets("The harbour bridge toll: market prices fall in Japan.", highlight,
                                            analyzer, {});
  }
  return 0;
}
