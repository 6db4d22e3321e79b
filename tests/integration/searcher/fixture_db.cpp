/** @file fixture_db.cpp
 *  @brief In-process fixture databases following docs/index-schema.md.
 */
#include "tests/integration/searcher/fixture_db.hpp"

#include "common/schema.hpp"
#include "common/term_generator.hpp"

#include <xapian.h>

namespace dateline::test {

void build_fixture_db(const std::filesystem::path& db_path, const std::vector<FixtureArticle>& articles,
                      const FixtureOptions& options) {
  Xapian::WritableDatabase db(db_path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  const TextAnalyzer analyzer(options.language);
  for (const FixtureArticle& article : articles) {
    Xapian::Document doc;
    std::vector<IndexTerm> terms;
    TermOptions title;
    title.wdf = schema::k_title_wdf;
    const Xapian::termpos after_title = generate_terms(analyzer, article.title, title, terms);
    TermOptions body;
    body.first_position = after_title + schema::k_body_position_offset;
    generate_terms(analyzer, article.body, body, terms);
    for (const IndexTerm& t : terms) {
      if (t.position != 0 && t.term.size() > 1) db.add_spelling(t.term);
    }
    TermOptions s;
    s.prefix = schema::k_prefix_title;
    generate_terms(analyzer, article.title, s, terms);
    add_terms(doc, terms);
    doc.add_boolean_term(schema::unique_term(article.path));
    if (!article.date.empty()) {
      std::string compact = article.date;
      std::erase(compact, '-');
      doc.add_value(schema::k_slot_date, compact);
      doc.add_boolean_term(std::string(schema::k_prefix_date) + compact);
      doc.add_boolean_term(std::string(schema::k_prefix_month) + compact.substr(0, 6));
      doc.add_boolean_term(std::string(schema::k_prefix_year) + compact.substr(0, 4));
    } else {
      doc.add_boolean_term(std::string(schema::k_term_undated));
    }
    if (!article.author.empty()) {
      doc.add_boolean_term(schema::field_value_term(schema::k_prefix_author, analyzer.normalize(article.author)));
    }
    if (!article.source.empty()) {
      doc.add_boolean_term(schema::field_value_term(schema::k_prefix_source, analyzer.normalize(article.source)));
    }
    std::string topics;
    for (const std::string& topic : article.topics) {
      doc.add_boolean_term(schema::field_value_term(schema::k_prefix_topic, analyzer.normalize(topic)));
      topics += (topics.empty() ? "" : ",") + topic;
    }
    schema::DocumentData data;
    data.path = article.path;
    data.root = options.root;
    data.date = article.date;
    data.title = article.title;
    data.source = article.source;
    data.author = article.author;
    data.topics = topics;
    data.text = article.body;
    doc.set_data(data.serialize());
    db.replace_document(schema::unique_term(article.path), doc);
  }
  if (!options.schema_version.empty()) {
    db.set_metadata(std::string(schema::k_meta_schema_version), options.schema_version);
  }
  db.set_metadata(std::string(schema::k_meta_language), options.language);
  db.commit();
}

} // namespace dateline::test
