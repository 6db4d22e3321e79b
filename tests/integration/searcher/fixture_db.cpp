/** @file fixture_db.cpp
 *  @brief In-process fixture databases built by the indexer's own document
 *  builder and spelling rule, so searcher tests read exactly what
 *  dateline-index writes.
 */
#include "tests/integration/searcher/fixture_db.hpp"

#include "common/article.hpp"
#include "common/date.hpp"
#include "common/schema.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/spelling.hpp"

#include <xapian.h>

#include <stdexcept>

namespace dateline::test {

void build_fixture_db(const std::filesystem::path& db_path, const std::vector<FixtureArticle>& articles,
                      const FixtureOptions& options) {
  Xapian::WritableDatabase db(db_path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  const TextAnalyzer analyzer(options.language);
  indexer::SpellingCounts spelling;
  std::uint64_t inode = 0;
  for (const FixtureArticle& fixture : articles) {
    Article article;
    if (!fixture.date.empty()) {
      const DateParse parsed = parse_iso_date(fixture.date);
      if (!parsed.date) throw std::invalid_argument("fixture date '" + fixture.date + "'");
      article.date = parsed.date;
    }
    article.title = fixture.title;
    article.body = fixture.body;
    article.author = fixture.author;
    article.source = fixture.source;
    article.topics = fixture.topics;
    indexer::SourceFile file;
    file.relative = fixture.path;
    file.root = options.root;
    file.stat.size = fixture.body.size();
    file.stat.inode = ++inode;
    file.content_hash = schema::content_hash(fixture.body);
    const indexer::BuiltDocument built = indexer::build_document(analyzer, article, file);
    indexer::add_document_spelling(spelling, built.spelling);
    db.replace_document(built.unique_term, built.document);
  }
  indexer::write_all_spelling(db, spelling);
  if (!options.schema_version.empty()) {
    db.set_metadata(std::string(schema::k_meta_schema_version), options.schema_version);
  }
  db.set_metadata(std::string(schema::k_meta_language), options.language);
  db.commit();
}

} // namespace dateline::test
